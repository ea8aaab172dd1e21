import { LockLostError, LockUsageError, type Mutex, type Redlock } from '../../src/lock/index.js';
import { SleepHook } from '../../src/lock/testing/index.js';
import { SharedRedisLocks } from './support/lock-fixtures.js';

describe('hand-off to the next waiter of the same process', () => {
  const locks = new SharedRedisLocks();
  const hook = new SleepHook();
  let redlock: Redlock;
  beforeAll(async () => {
    // A fallback delay far longer than the test: only a release or a hand-off wakes a waiter.
    redlock = await locks.redlock(
      { ttlMs: 60_000, waitTimeoutMs: 30_000, retryDelayMs: 10_000, retryJitterMs: 0 },
      // Long enough that no scheduling delay lets this test's process try before the other.
      { observer: hook, sitOutMs: 500 },
    );
  });
  afterAll(() => locks.close());

  /** A holder that got the lock as a waiter, and a second waiter asleep behind it. */
  async function holderWithSleepingWaiter(resource: string): Promise<[Mutex, Promise<Mutex>]> {
    const first = await redlock.mutex(resource).lock();
    const firstAsleep = hook.asleep(resource);
    const holder = redlock.mutex(resource).lock();
    await firstAsleep;
    const secondAsleep = hook.asleep(resource);
    const waiter = redlock.mutex(resource).lock();
    await secondAsleep;
    // `first` took the lock alone, so its release is a hand-off by script (fresh PX and tokens).
    const firstFence = first.fence;
    const sentBefore = locks.commandsSent(redlock);
    // The waiter becomes the head: asleep again until `held` lets go.
    const waiterAsleep = hook.asleep(resource);
    expect(await first.unlock()).toBe(true);
    const held = await holder;
    expect(locks.commandsSent(redlock)).toBe(sentBefore + 1);
    expect(held.fence).toBe(firstFence + 1);
    await waiterAsleep;
    return [held, waiter];
  }

  it('passes the lock on without a round trip, with the next reserved fencing token', async () => {
    const [holder, waiting] = await holderWithSleepingWaiter('local');
    const raw = await locks.raw();
    const { fence, value } = { fence: holder.fence, value: holder.value };
    const sentBefore = locks.commandsSent(redlock);
    hook.handOffs.length = 0;
    expect(await holder.unlock()).toBe(true);
    const next = await waiting;
    expect(locks.commandsSent(redlock)).toBe(sentBefore);
    expect(hook.handOffs).toEqual(['in-process']);
    expect(next.fence).toBe(fence + 1);
    expect(next.value).toBe(value);
    expect(await raw.get('lock:{local}')).toBe(value);
    expect(await next.valid()).toBe(true);
    expect(await next.unlock()).toBe(true);
    expect(await raw.exists('lock:{local}')).toBe(0);
    // The next acquisition from anywhere gets a token above every reserved one.
    const other = await (await locks.redlock()).mutex('local').lock();
    expect(other.fence).toBeGreaterThan(fence + 16);
    await other.unlock();
  });

  it('without fencing, passes even a lock taken alone on in-process, with no token', async () => {
    const bare = await locks.redlock(
      { ttlMs: 60_000, waitTimeoutMs: 30_000, retryDelayMs: 10_000, fencing: false },
      { observer: hook, sitOutMs: 500 },
    );
    const holder = await bare.mutex('bare').lock();
    const asleep = hook.asleep('bare');
    const waiting = bare.mutex('bare').lock();
    await asleep;
    const sent = locks.commandsSent(bare);
    hook.handOffs.length = 0;
    expect(await holder.unlock()).toBe(true);
    const next = await waiting;
    expect(locks.commandsSent(bare)).toBe(sent);
    expect(hook.handOffs).toEqual(['in-process']);
    expect(() => next.fence).toThrow(LockUsageError);
    expect(await next.unlock()).toBe(true);
  });

  it('hands off through Redis, with a fresh expiry, when less than half the TTL is left', async () => {
    const [holder, waiting] = await holderWithSleepingWaiter('short');
    await holder.extend(1_000);
    const sentBefore = locks.commandsSent(redlock);
    hook.handOffs.length = 0;
    expect(await holder.unlock()).toBe(true);
    const next = await waiting;
    expect(locks.commandsSent(redlock)).toBe(sentBefore + 1);
    expect(hook.handOffs).toEqual(['script']);
    expect(next.value).not.toBe(holder.value);
    expect(next.remainingMs).toBeGreaterThan(50_000);
    expect(next.fence).toBeGreaterThan(0);
    await next.unlock();
  });

  it('never hands on a lock it knows is lost', async () => {
    const fallback = await locks.redlock(
      { ttlMs: 60_000, waitTimeoutMs: 30_000, retryDelayMs: 50, retryJitterMs: 0 },
      { observer: hook },
    );
    const first = await fallback.mutex('lost').lock();
    const firstAsleep = hook.asleep('lost');
    const holding = fallback.mutex('lost').lock();
    await firstAsleep;
    await first.unlock();
    const holder = await holding;
    const lostValue = holder.value;
    const secondAsleep = hook.asleep('lost');
    const waiting = fallback.mutex('lost').lock();
    await secondAsleep;
    const raw = await locks.raw();
    await raw.del('lock:{lost}');
    await expect(holder.extend()).rejects.toBeInstanceOf(LockLostError);
    const next = await waiting;
    expect(next.value).not.toBe(lostValue);
    expect(await raw.get('lock:{lost}')).toBe(next.value);
    await next.unlock();
  });

  it('after a release other processes heard, lets them try first', async () => {
    const other = await locks.redlock(
      { retryDelayMs: 10_000, retryJitterMs: 0 },
      { observer: hook },
    );
    const holder = await redlock.mutex('polite').lock();
    // A waiter of the other process, asleep until a release message.
    const otherAsleep = hook.asleep('polite');
    const othersTurn = other.mutex('polite').lock();
    await otherAsleep;
    // A waiter of this process that gives up: its queue stays subscribed, empty.
    const abandon = new AbortController();
    const ownAsleep = hook.asleep('polite');
    const abandoned = redlock
      .mutex('polite')
      .lock(abandon.signal)
      .catch((error: Error) => error);
    await ownAsleep;
    abandon.abort(new Error('gave up'));
    await abandoned;

    expect(await holder.unlock()).toBe(true); // to everyone: no local waiter is asleep
    const sent = locks.commandsSent(redlock);
    const again = redlock.mutex('polite').lock();
    await new Promise(setImmediate);
    // No attempt of its own right away (it would race the other process's woken waiter).
    expect(locks.commandsSent(redlock)).toBe(sent);
    const winner = await othersTurn;
    await winner.unlock();
    await (await again).unlock();
  });

  it('after a release by another process, starts its attempt at a random moment', async () => {
    const other = await locks.redlock();
    const holder = await other.mutex('race').lock();
    const asleep = hook.asleep('race');
    const waiting = redlock.mutex('race').lock();
    await asleep;
    const sent = locks.commandsSent(redlock);
    const startDelayed = hook.asleep('race').then(() => 'start delayed');
    await holder.unlock();
    expect(await Promise.race([startDelayed, waiting.then(() => 'attempted at once')])).toBe(
      'start delayed',
    );
    expect(locks.commandsSent(redlock)).toBe(sent);
    await (await waiting).unlock();
  });

  it('keeps fencing tokens strictly increasing across hand-offs and other processes', async () => {
    const outsider = await locks.redlock({ retryDelayMs: 5, retryJitterMs: 0 });
    const fences: number[] = [];
    const record = (_signal: AbortSignal, mutex: Mutex): Promise<void> => {
      fences.push(mutex.fence);
      return new Promise(setImmediate);
    };
    const loop = async (lock: Redlock, times: number): Promise<void> => {
      for (let i = 0; i < times; i++) await lock.mutex('order').using(record);
    };
    await Promise.all([
      loop(redlock, 40),
      loop(redlock, 40),
      loop(redlock, 40),
      loop(outsider, 10),
    ]);
    expect(fences).toHaveLength(130);
    for (let i = 1; i < fences.length; i++) expect(fences[i]).toBeGreaterThan(fences[i - 1]);
  });
});
