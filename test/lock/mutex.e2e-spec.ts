import {
  LockAbortedError,
  LockNotOwnerError,
  LockTakenError,
  LockTimeoutError,
  type Redlock,
} from '../../src/lock/index.js';
import { SharedRedisLocks } from './support/lock-fixtures.js';

describe('Mutex on one node', () => {
  const locks = new SharedRedisLocks();
  let redlock: Redlock;
  beforeAll(async () => {
    redlock = await locks.redlock({ ttlMs: 2000, waitTimeoutMs: 1000 });
  });
  afterAll(() => locks.close());

  it('locks, refuses a second owner, unlocks', async () => {
    const a = redlock.mutex('r1');
    const b = redlock.mutex('r1');
    await a.lock();
    expect(a.locked).toBe(true);
    expect(a.remainingMs).toBeGreaterThan(1500);
    await expect(b.tryLock()).rejects.toBeInstanceOf(LockTakenError);
    expect(await a.valid()).toBe(true);
    const aFence = a.fence;
    expect(await a.unlock()).toBe(true);
    await b.tryLock();
    expect(b.fence).toBeGreaterThan(aFence);
    await b.unlock();
  });

  it('hands out strictly increasing fencing tokens', async () => {
    const m = redlock.mutex('fence');
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      await m.lock();
      seen.push(m.fence);
      await m.unlock();
    }
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBe(seen[i - 1] + 1);
    expect(seen[0]).toBeGreaterThan(1_600_000_000_000_000);
  });

  it('times out and aborts', async () => {
    const holder = await redlock.mutex('busy').lock();
    await expect(redlock.mutex('busy', { waitTimeoutMs: 50 }).lock()).rejects.toBeInstanceOf(
      LockTimeoutError,
    );
    const controller = new AbortController();
    const waiting = redlock.mutex('busy').lock(controller.signal);
    controller.abort(new Error('bye'));
    await expect(waiting).rejects.toBeInstanceOf(LockAbortedError);
    await holder.unlock();
  });

  it('tells a not-owner release from an expired one', async () => {
    const raw = await locks.raw();
    const m = await redlock.mutex('owner').lock();
    await raw.set('lock:{owner}', 'someone-else');
    await expect(m.unlock()).rejects.toBeInstanceOf(LockNotOwnerError);
    const e = await redlock.mutex('expiring', { ttlMs: 30 }).lock();
    await raw.del('lock:{expiring}');
    expect(await e.unlock()).toBe(false);
  });
});
