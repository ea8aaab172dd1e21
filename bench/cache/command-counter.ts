import type { Redis } from 'ioredis';

/** What the counter itself sends. */
const OWN_COMMANDS = ['info', 'ping', 'monitor'];

/**
 * Counts what one client connection sends to a redis-server of the bench's own: round trips
 * (top-level commands, seen with MONITOR) and every command executed, scripts' insides included
 * (`INFO commandstats`).
 */
export class CommandCounter {
  private topLevel = 0;
  private before = new Map<string, number>();

  private constructor(
    private readonly admin: Redis,
    private readonly monitor: Redis,
  ) {}

  static async watch(admin: Redis, client: Redis): Promise<CommandCounter> {
    const source = `127.0.0.1:${client.stream.localPort}`;
    const monitor = await admin.monitor();
    const counter = new CommandCounter(admin, monitor);
    monitor.on('monitor', (_time: string, _args: string[], from: string) => {
      if (from === source) counter.topLevel++;
    });
    return counter;
  }

  async start(): Promise<void> {
    await this.settle();
    this.topLevel = 0;
    this.before = await this.commandStats();
  }

  /** Round trips since `start`, and the commands Redis executed, by name. */
  async stop(): Promise<{ roundTrips: number; executed: string }> {
    await this.settle();
    const roundTrips = this.topLevel;
    const after = await this.commandStats();
    const executed = [...after]
      .map(([name, calls]) => [name, calls - (this.before.get(name) ?? 0)] as const)
      .filter(([name, calls]) => calls > 0 && !OWN_COMMANDS.includes(name))
      .map(([name, calls]) => `${name} ${calls}`)
      .join(', ');
    return { roundTrips, executed };
  }

  async close(): Promise<void> {
    this.monitor.disconnect();
    await this.admin.quit();
  }

  /** MONITOR lines arrive asynchronously: a PING through the monitored server flushes them. */
  private async settle(): Promise<void> {
    await this.admin.ping();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }

  private async commandStats(): Promise<Map<string, number>> {
    const text = await this.admin.info('commandstats');
    const stats = new Map<string, number>();
    for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
      stats.set(match[1], Number(match[2]));
    }
    return stats;
  }
}
