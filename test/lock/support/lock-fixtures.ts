import { Redis, type RedisOptions } from 'ioredis';
import { type LockOptions, Redlock, type RedlockConfig } from '../../../src/lock/index.js';
import { deleteKeysWithPrefix } from '../../../support/redis-keys.js';
import { uniqueName } from '../../../support/unique-name.js';

const SHARED_REDIS = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A lock client as the module makes it: no offline queue, so a dead node fails at once. */
export function lockClient(url: string, keyPrefix: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 20,
    ...extra,
  }).on('error', () => undefined);
}

export async function ready(clients: readonly Redis[]): Promise<void> {
  for (const client of clients) {
    if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  }
}

/** Redlocks on the shared Redis under a prefix of their own; `close()` deletes the prefix. */
export class SharedRedisLocks {
  readonly prefix = `${uniqueName('lock_test')}:`;
  private readonly clients: Redis[] = [];
  private readonly redlocks: Redlock[] = [];

  private readonly commandCounts = new Map<Redlock, () => number>();

  async redlock(
    defaults: Partial<LockOptions> = {},
    config: Omit<RedlockConfig, 'defaults'> = {},
  ): Promise<Redlock> {
    const client = lockClient(SHARED_REDIS, this.prefix);
    this.clients.push(client);
    await ready([client]);
    let sent = 0;
    const send = client.sendCommand.bind(client);
    client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
      sent++;
      return send(...args);
    };
    // Fenced unless a test says otherwise: most of these tests look at the tokens.
    const redlock = new Redlock([client], { ...config, defaults: { fencing: true, ...defaults } });
    this.redlocks.push(redlock);
    this.commandCounts.set(redlock, () => sent);
    return redlock;
  }

  /** Commands the redlock's client has sent so far (its pub/sub connections not included). */
  commandsSent(redlock: Redlock): number {
    return this.commandCounts.get(redlock)!();
  }

  /** A plain client under the same prefix, for looking at and tampering with keys. */
  async raw(): Promise<Redis> {
    const client = lockClient(SHARED_REDIS, this.prefix);
    this.clients.push(client);
    await ready([client]);
    return client;
  }

  async close(): Promise<void> {
    for (const redlock of this.redlocks) redlock.close();
    await deleteKeysWithPrefix(SHARED_REDIS, this.prefix);
    for (const client of this.clients) client.disconnect();
  }
}
