import type { Redlock } from '../../src/lock/index.js';
import { SharedRedisLocks } from './support/lock-fixtures.js';

/** Resolves with the winner's name: which settles first. */
function first(race: Record<string, Promise<unknown>>): Promise<string> {
  return Promise.race(Object.entries(race).map(([name, promise]) => promise.then(() => name)));
}

describe('waiting is woken by the release, not by polling', () => {
  const locks = new SharedRedisLocks();
  let redlock: Redlock;
  beforeAll(async () => {
    // A fallback delay far longer than the test: only a release message can wake a waiter early.
    redlock = await locks.redlock({
      ttlMs: 60_000,
      waitTimeoutMs: 30_000,
      retryDelayMs: 10_000,
      retryJitterMs: 0,
    });
  });
  afterAll(() => locks.close());

  it('a waiter acquires right after the release, long before its retry delay', async () => {
    const holder = await redlock.mutex('w').lock();
    const waiter = redlock.mutex('w');
    const waiting = waiter.lock();
    await holder.unlock();
    const retryDelayElapsed = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    expect(await first({ woken: waiting, retryDelayElapsed })).toBe('woken');
    await waiter.unlock();
  });

  it('waiters in one process take turns in arrival order', async () => {
    const holder = await redlock.mutex('fifo').lock();
    const order: number[] = [];
    const waiters = [0, 1, 2, 3].map(async (i) => {
      const mutex = await redlock.mutex('fifo').lock();
      order.push(i);
      await mutex.unlock();
    });
    await holder.unlock();
    await Promise.all(waiters);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('lets another process in although local waiters keep handing the lock on', async () => {
    const busy = await locks.redlock({ retryDelayMs: 10_000, retryJitterMs: 0 });
    const outsider = await locks.redlock({ retryDelayMs: 10_000, retryJitterMs: 0 });
    let stop = false;
    const loops = [0, 1, 2].map(async () => {
      while (!stop) await busy.mutex('shared').using(() => new Promise(setImmediate));
    });
    const retryDelayElapsed = new Promise((resolve) => setTimeout(resolve, 5_000).unref());
    const outsiderLock = outsider.mutex('shared', { waitTimeoutMs: 30_000 });
    expect(await first({ acquired: outsiderLock.lock(), retryDelayElapsed })).toBe('acquired');
    stop = true;
    await outsiderLock.unlock();
    await Promise.all(loops);
  });

  it('still acquires when the release message is lost (timed fallback)', async () => {
    const fallback = await locks.redlock({ retryDelayMs: 50, retryJitterMs: 0 });
    const raw = await locks.raw();
    const holder = await fallback.mutex('lost').lock();
    const waiter = fallback.mutex('lost', { waitTimeoutMs: 30_000 });
    const waiting = waiter.lock();
    // The key disappears without the release script: no message is ever published.
    await raw.del('lock:{lost}');
    await waiting;
    expect(waiter.locked).toBe(true);
    expect(holder.locked).toBe(true); // the holder never released
    await waiter.unlock();
  });
});
