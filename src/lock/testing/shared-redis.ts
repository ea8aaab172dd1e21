/**
 * The shared Redis for the lock's own unit specs (kept inside `src/lock` so that the module
 * imports nothing from outside it, specs included): a key prefix per run, its cleanup, and a
 * relay that can go silent.
 */
import { randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';

export const SHARED_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A key prefix no other run uses. */
export function uniquePrefix(label: string): string {
  return `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}:`;
}

/** Deletes the run's keys with SCAN (never KEYS or FLUSH: the Redis is shared). */
export async function deletePrefix(prefix: string): Promise<void> {
  const redis = new Redis(SHARED_REDIS);
  try {
    for await (const keys of redis.scanStream({ match: `${prefix}*`, count: 500 }) as AsyncIterable<
      string[]
    >) {
      if (keys.length) await redis.del(...keys);
    }
  } finally {
    redis.disconnect();
  }
}

/**
 * A TCP relay to the shared Redis that can go silent: after `silence()` it keeps the
 * connections open but forwards nothing, like a node stuck in a long pause.
 */
export class SilenceableRelay {
  private silent = false;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server = createServer((client) => this.relay(client));

  static async start(): Promise<SilenceableRelay> {
    const relay = new SilenceableRelay();
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  get url(): string {
    return `redis://127.0.0.1:${(this.server.address() as { port: number }).port}`;
  }

  silence(): void {
    this.silent = true;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const target = new URL(SHARED_REDIS);
    const upstream = connect(Number(target.port || 6379), target.hostname);
    this.sockets.add(client).add(upstream);
    client.on('data', (chunk) => this.silent || upstream.write(chunk));
    upstream.on('data', (chunk) => this.silent || client.write(chunk));
    for (const socket of [client, upstream]) socket.on('error', () => undefined);
  }
}
