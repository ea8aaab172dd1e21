import { FENCE_BLOCK, HandOffPolicy } from './hand-off-policy.js';
import type { HeldResource } from './held-resource.js';
import { DEFAULT_LOCK_OPTIONS, resolveLockOptions } from './lock-options.js';
import type { ReleaseNotifier } from './release-notifier.js';
import { WaitQueue } from './wait-queue.js';
import { Waiter } from './waiter.js';

const notifier = {
  subscribe: () => Promise.resolve(),
  unsubscribe: () => undefined,
} as unknown as ReleaseNotifier;

/** Ends the test's sleeps (their timers would keep Jest running). */
const wakeAll = new AbortController();
afterAll(() => wakeAll.abort(new Error('done')));

function asleepIn(queue: WaitQueue, fencing: boolean): Waiter {
  const options = resolveLockOptions(DEFAULT_LOCK_OPTIONS, { ttlMs: 1000, fencing });
  const waiter = new Waiter('next', options, Number.POSITIVE_INFINITY);
  queue.join(waiter);
  waiter.sleep(60_000, wakeAll.signal).catch(() => undefined);
  return waiter;
}

const held = (fence: number, lastFence: number, validUntil: number): HeldResource => ({
  resource: 'r',
  value: 'v',
  fence,
  lastFence,
  validUntil,
});

describe('HandOffPolicy', () => {
  const policy = new HandOffPolicy(20);

  it('passes in-process with the next reserved token while half the TTL is left', () => {
    const queue = new WaitQueue('c', notifier, () => undefined);
    asleepIn(queue, true);
    expect(policy.decide(held(5, 21, 600), queue, 0)).toMatchObject({
      kind: 'in-process',
      handed: { fence: 6, value: 'v', validUntil: 600 },
    });
    queue.close();
  });

  it('uses the script when the block is used up or too little validity is left', () => {
    const queue = new WaitQueue('c', notifier, () => undefined);
    asleepIn(queue, true);
    expect(policy.decide(held(21, 21, 600), queue, 0)).toMatchObject({
      kind: 'script',
      fences: FENCE_BLOCK,
    });
    expect(policy.decide(held(5, 21, 400), queue, 0)).toMatchObject({ kind: 'script' });
    queue.close();
  });

  it('needs no token for a waiter without fencing', () => {
    const queue = new WaitQueue('c', notifier, () => undefined);
    asleepIn(queue, false);
    expect(policy.decide(held(0, 0, 600), queue, 0)).toMatchObject({ kind: 'in-process' });
    expect(policy.decide(held(0, 0, 100), queue, 0)).toMatchObject({ kind: 'script', fences: 0 });
    queue.close();
  });

  it('hands nothing to a waiter that is not asleep, and ends a run after its time cap', () => {
    const queue = new WaitQueue('c', notifier, () => undefined);
    expect(policy.decide(held(0, 0, 600), queue, 0)).toBeUndefined(); // nobody waits
    asleepIn(queue, false);
    expect(policy.decide(held(0, 0, 600), queue, 0)).toBeDefined();
    expect(policy.decide(held(0, 0, 600), queue, 20)).toBeUndefined(); // run over: to everyone
    queue.close();
  });
});
