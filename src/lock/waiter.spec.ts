import { Waiter, WaitQueue } from './waiter.js';

describe('Waiter and WaitQueue', () => {
  it('remembers a wake-up that came before the sleep, and a release beats a turn', async () => {
    const waiter = new Waiter('t', 1000, Number.POSITIVE_INFINITY);
    waiter.wake('turn');
    waiter.wake('released');
    waiter.wake('turn');
    expect(await waiter.sleep(60_000, undefined)).toBe('released');
  });

  it('falls back to its timer and rejects with the reason on abort', async () => {
    const waiter = new Waiter('t', 1000, Number.POSITIVE_INFINITY);
    expect(await waiter.sleep(1, undefined)).toBe('timer');
    const controller = new AbortController();
    const sleeping = waiter.sleep(60_000, controller.signal);
    expect(waiter.sleeping).toBe(true);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
  });

  it('wakes the next head: to wait after an acquisition, to try after giving up', async () => {
    const queue = new WaitQueue(() => Promise.resolve());
    const [a, b, c] = [1, 2, 3].map((n) => new Waiter(`t${n}`, 1000, Number.POSITIVE_INFINITY));
    for (const waiter of [a, b, c]) queue.join(waiter);
    expect(queue.head).toBe(a);
    queue.leave(a, true);
    expect(await b.sleep(60_000, undefined)).toBe('turn');
    queue.leave(b, false);
    expect(await c.sleep(60_000, undefined)).toBe('released');
    queue.leave(c, false);
    expect(queue.empty).toBe(true);
  });
});
