import type { Redis } from 'ioredis';
import { type LockOptions, Redlock } from '../../../src/lock/index.js';
import { RedisServer } from '../../../support/redis-server.js';
import { uniqueName } from '../../../support/unique-name.js';
import { lockClient, ready } from './lock-fixtures.js';

/** N redis-servers of the test's own, as independent lock masters. */
export class LockCluster {
  readonly prefix = `${uniqueName('lock_q')}:`;
  private readonly clients: Redis[] = [];
  private readonly redlocks: Redlock[] = [];

  private constructor(readonly servers: RedisServer[]) {}

  static async start(count: number): Promise<LockCluster> {
    return new LockCluster(
      await Promise.all(Array.from({ length: count }, () => RedisServer.start())),
    );
  }

  /** A Redlock over all the servers, as another app instance would have. */
  async redlock(defaults: Partial<LockOptions> = {}): Promise<Redlock> {
    const clients = this.servers.map((server) => lockClient(server.url, this.prefix));
    this.clients.push(...clients);
    await ready(clients.filter((_, i) => this.servers[i].running));
    const redlock = new Redlock(clients, {
      defaults: { nodeTimeoutMs: 200, fencing: true, ...defaults },
    });
    this.redlocks.push(redlock);
    return redlock;
  }

  /** A plain client to server `index`, under the prefix. */
  async raw(index: number): Promise<Redis> {
    const client = lockClient(this.servers[index].url, this.prefix);
    this.clients.push(client);
    await ready([client]);
    return client;
  }

  /** Restarts the killed or running server `index` (empty) and waits until the lock clients are back. */
  async restart(index: number): Promise<void> {
    await this.servers[index].restart();
    const port = this.servers[index].port;
    await ready(this.clients.filter((client) => client.options.port === port));
  }

  async stop(): Promise<void> {
    for (const redlock of this.redlocks) redlock.close();
    for (const client of this.clients) client.disconnect();
    await Promise.all(this.servers.map((server) => server.stop()));
  }
}
