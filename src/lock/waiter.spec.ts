import { DEFAULT_LOCK_OPTIONS } from './lock-options.js';
import type { ReleaseNotifier } from './release-notifier.js';
import { WaitQueue } from './wait-queue.js';
import { Waiter } from './waiter.js';

const waiter = (): Waiter => new Waiter('t', DEFAULT_LOCK_OPTIONS, Number.POSITIVE_INFINITY);

/** A notifier that only records the listener, so the test can deliver release messages. */
function fakeNotifier(): { notifier: ReleaseNotifier; deliver: (token: string) => void } {
  let listener: ((token: string) => void) | undefined;
  const notifier = {
    subscribe: (_channel: string, onRelease: (token: string) => void) => {
      listener = onRelease;
      return Promise.resolve();
    },
    unsubscribe: () => undefined,
  } as unknown as ReleaseNotifier;
  return { notifier, deliver: (token) => listener?.(token) };
}

describe('Waiter and WaitQueue', () => {
  it('remembers a wake-up that came before the sleep, and a release beats a turn', async () => {
    const w = waiter();
    w.wake('turn');
    w.wake('released');
    w.wake('turn');
    expect(await w.sleep(60_000, undefined)).toBe('released');
  });

  it('falls back to its timer and rejects with the reason on abort', async () => {
    const w = waiter();
    expect(await w.sleep(1, undefined)).toBe('timer');
    const controller = new AbortController();
    const sleeping = w.sleep(60_000, controller.signal);
    expect(w.sleeping).toBe(true);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('wakes the next head: to wait after an acquisition, to try after giving up', async () => {
    const queue = new WaitQueue('ch', fakeNotifier().notifier, () => undefined);
    const [a, b, c] = [waiter(), waiter(), waiter()];
    for (const w of [a, b, c]) queue.join(w);
    expect(queue.head).toBe(a);
    queue.leave(a, true);
    expect(await b.sleep(60_000, undefined)).toBe('turn');
    queue.leave(b, false);
    expect(await c.sleep(60_000, undefined)).toBe('released');
    queue.leave(c, false);
    expect(queue.empty).toBe(true);
    queue.close();
  });

  it('sits out after a release others heard, until another process releases', async () => {
    const { notifier, deliver } = fakeNotifier();
    const queue = new WaitQueue('ch', notifier, () => undefined);
    await queue.subscribed;
    const mark = queue.releaseMark();
    queue.releasing('mine');
    queue.released(2, 1000, 5);
    expect(queue.sitOutLeft(1000)).toBe(5);
    deliver('mine'); // our own message: still sitting out
    expect([queue.sitOutLeft(1000), queue.takeForeignRelease()]).toEqual([5, false]);
    deliver('theirs');
    expect([queue.sitOutLeft(1000), queue.takeForeignRelease()]).toEqual([0, true]);
    expect(queue.releasedSince(mark)).toBe(true);
    queue.close();
  });

  it('keeps a run of hand-offs within its time cap; a release to everyone ends it', () => {
    const queue = new WaitQueue('ch', fakeNotifier().notifier, () => undefined);
    expect(queue.continueHandOffs(0, 20)).toBe(true);
    expect(queue.continueHandOffs(19, 20)).toBe(true);
    expect(queue.continueHandOffs(20, 20)).toBe(false);
    queue.releasing('t');
    expect(queue.continueHandOffs(21, 20)).toBe(true);
    queue.close();
  });

  it('hands a lock to a waiter once', async () => {
    const w = waiter();
    const handed = { resource: 'r', value: 'v', fence: 1, lastFence: 1, validUntil: 1 };
    const sleeping = w.sleep(60_000, undefined);
    w.hand(Promise.resolve(handed));
    expect(await sleeping).toBe('released');
    expect(w.offered).toBe(true);
    expect(await w.takeOffer()).toBe(handed);
    expect(w.takeOffer()).toBeUndefined();
  });
});
