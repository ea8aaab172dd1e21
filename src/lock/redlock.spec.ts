import { Redis } from 'ioredis';
import { deletePrefix, SHARED_REDIS, SilenceableRelay, uniquePrefix } from './testing/index.js';
import { LockQuorumError, NodeTimeoutError } from './lock.errors.js';
import type { LockObserver } from './lock-observer.js';
import { Redlock } from './redlock.js';
import { SleepHook } from './testing/index.js';

function lockClient(url: string, keyPrefix: string): Redis {
  return new Redis(url, {
    keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 20,
  }).on('error', () => undefined);
}

async function ready(client: Redis): Promise<Redis> {
  if (client.status !== 'ready') await new Promise((resolve) => client.once('ready', resolve));
  return client;
}

describe('Redlock: every operation on a held lock uses the mutex’s own options', () => {
  const prefix = uniquePrefix('redlock_spec');
  const clients: Redis[] = [];
  const redlocks: Redlock[] = [];
  async function redlock(url = SHARED_REDIS, observer?: LockObserver): Promise<Redlock> {
    const client = await ready(lockClient(url, prefix));
    clients.push(client);
    // The Redlock's defaults differ from the mutexes' below on purpose.
    const created = new Redlock([client], {
      defaults: { driftFactor: 0.01, nodeTimeoutMs: 500 },
      observer,
    });
    redlocks.push(created);
    return created;
  }
  afterAll(async () => {
    for (const created of redlocks) created.close();
    for (const client of clients) client.disconnect();
    await deletePrefix(prefix);
  });

  it('extend counts validity with the mutex’s driftFactor', async () => {
    const mutex = (await redlock()).mutex('drift', { ttlMs: 10_000, driftFactor: 0.4 });
    await mutex.lock();
    expect(mutex.remainingMs).toBeLessThanOrEqual(6000);
    await mutex.extend();
    // With the Redlock's 0.01 it would be about 9900 ms.
    expect(mutex.remainingMs).toBeLessThanOrEqual(6000);
    expect(mutex.remainingMs).toBeGreaterThan(5000);
    await mutex.unlock();
  });

  it('a hand-off by script counts validity with the waiter’s driftFactor', async () => {
    const hook = new SleepHook();
    const locks = await redlock(SHARED_REDIS, hook);
    const holder = await locks.mutex('hand').lock();
    const asleep = hook.asleep();
    const waiting = locks.mutex('hand', { ttlMs: 10_000, driftFactor: 0.4 }).lock();
    await asleep;
    await holder.extend(100); // less than half the waiter's TTL left: a hand-off by script
    await holder.unlock();
    const next = await waiting;
    expect(next.remainingMs).toBeLessThanOrEqual(6000);
    await next.unlock();
  });

  it('release gives up on a silent node after the mutex’s nodeTimeoutMs', async () => {
    const relay = await SilenceableRelay.start();
    try {
      const mutex = (await redlock(relay.url)).mutex('silent', { nodeTimeoutMs: 50 });
      await mutex.lock();
      relay.silence();
      const error = await mutex.unlock().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockQuorumError);
      const cause = (error as LockQuorumError).failures[0].error;
      expect(cause).toBeInstanceOf(NodeTimeoutError);
      expect(cause.message).toBe('no answer within 50 ms');
    } finally {
      await relay.stop();
    }
  });
});
