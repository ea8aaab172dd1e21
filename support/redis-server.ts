import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { freePort } from './free-port.js';

/**
 * A `redis-server` of a test's own, on a free port, for fault tests: kill it, restart it empty,
 * pause it. Never touches the shared Redis on 6379.
 */
export class RedisServer {
  private process: ChildProcess | undefined;

  private constructor(
    readonly port: number,
    private readonly extraArgs: string[],
  ) {}

  static async start(extraArgs: string[] = []): Promise<RedisServer> {
    const server = new RedisServer(await freePort(), extraArgs);
    await server.startProcess();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** A plain client to this server (no prefix), for assertions and fault injection. */
  client(): Redis {
    return new Redis(this.port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: false });
  }

  /** Stops the process at once (SIGKILL): connections drop, data is lost. */
  async kill(): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Starts again on the same port, empty (persistence is off). */
  async restart(): Promise<void> {
    await this.kill();
    await this.startProcess();
  }

  /** Blocks the server for `ms` (DEBUG SLEEP), like a long GC or fork pause. */
  async pause(ms: number): Promise<void> {
    const client = this.client();
    try {
      await client.call('DEBUG', 'SLEEP', String(ms / 1000));
    } finally {
      client.disconnect();
    }
  }

  async stop(): Promise<void> {
    await this.kill();
  }

  private async startProcess(): Promise<void> {
    const child = spawn(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
        '--enable-debug-command',
        'local',
        ...this.extraArgs,
      ],
      { stdio: 'ignore' },
    );
    this.process = child;
    child.once('exit', () => {
      if (this.process === child) this.process = undefined;
    });
    await this.waitUntilAnswering();
  }

  private async waitUntilAnswering(): Promise<void> {
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
      const client = new Redis(this.port, '127.0.0.1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined); // refused while the server starts: expected
      try {
        await client.connect();
        if ((await client.ping()) === 'PONG') return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 20));
      } finally {
        client.disconnect();
      }
    }
    throw new Error(`redis-server on port ${this.port} did not answer within 5 s`);
  }
}
