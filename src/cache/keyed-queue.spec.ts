import { KeyedQueue, KeyedQueueTimeoutError } from './keyed-queue.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedQueue', () => {
  it('runs callers of one key one at a time, in arrival order', async () => {
    const queue = new KeyedQueue();
    const order: string[] = [];
    const gate = deferred();
    const first = queue.run(['a'], async () => {
      order.push('first:start');
      await gate.promise;
      order.push('first:end');
    });
    const second = queue.run(['a'], async () => {
      order.push('second');
    });
    const third = queue.run(['a'], async () => {
      order.push('third');
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual(['first:start']);
    gate.resolve();
    await Promise.all([first, second, third]);
    expect(order).toEqual(['first:start', 'first:end', 'second', 'third']);
  });

  it('lets callers of other keys run at the same time', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const blocked = queue.run(['a'], () => gate.promise);
    await expect(queue.run(['b'], async () => 'b ran')).resolves.toBe('b ran');
    gate.resolve();
    await blocked;
  });

  it('does not deadlock callers taking overlapping keys in opposite orders', async () => {
    const queue = new KeyedQueue();
    const runs = Array.from({ length: 20 }, (_, i) =>
      queue.run(i % 2 ? ['x', 'y'] : ['y', 'x'], async () => i),
    );
    await expect(Promise.all(runs)).resolves.toHaveLength(20);
  });

  it('lets the next caller in when one fails, and forgets idle keys', async () => {
    const queue = new KeyedQueue();
    await expect(queue.run(['k'], () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(['k'], async () => 'next')).resolves.toBe('next');
    expect((queue as unknown as { tails: Map<string, unknown> }).tails.size).toBe(0);
  });
});

describe('KeyedQueue with a timeout', () => {
  it('fails a caller whose turn does not come in time, and keeps the line moving', async () => {
    const queue = new KeyedQueue();
    const gate = deferred();
    const holder = queue.run(['a'], () => gate.promise);
    await expect(queue.run(['a'], async () => 'late', 20)).rejects.toBeInstanceOf(
      KeyedQueueTimeoutError,
    );
    const next = queue.run(['a'], async () => 'next');
    gate.resolve();
    await holder;
    await expect(next).resolves.toBe('next');
  });
});
