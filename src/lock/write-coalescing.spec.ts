import { jest } from '@jest/globals';
import type { Socket } from 'node:net';
import { Redis } from 'ioredis';
import { deletePrefix, SHARED_REDIS, uniquePrefix } from './testing/index.js';
import { Redlock } from './redlock.js';
import { coalesceWrites, MIN_BATCH } from './write-coalescing.js';

/** Counts the socket's writes: `_write` one chunk each, `_writev` several in one syscall. */
function countWrites(socket: Socket): { single: () => number; batches: () => number[] } {
  const write = jest.spyOn(socket as unknown as { _write: () => void }, '_write');
  const writev = jest.spyOn(
    socket as unknown as { _writev: (chunks: unknown[]) => void },
    '_writev',
  );
  return {
    single: () => write.mock.calls.length,
    batches: () => writev.mock.calls.map(([chunks]) => chunks.length),
  };
}

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('write coalescing', () => {
  const prefix = uniquePrefix('coalesce_spec');
  const clients: Redis[] = [];
  const redlocks: Redlock[] = [];
  async function setUp(coalesce?: boolean): Promise<{ redlock: Redlock; socket: Socket }> {
    const client = new Redis(SHARED_REDIS, { keyPrefix: prefix });
    clients.push(client);
    await client.ping();
    const redlock = new Redlock([client], { coalesceWrites: coalesce });
    redlocks.push(redlock);
    // Loads the scripts, so that no EVAL of a first use is among the counted writes.
    await (await redlock.mutex('warm').lock()).unlock();
    return { redlock, socket: client.stream };
  }
  afterEach(() => jest.restoreAllMocks());
  afterAll(async () => {
    for (const redlock of redlocks) redlock.close();
    for (const client of clients) client.disconnect();
    await deletePrefix(prefix);
  });

  it('sends a burst of locks started in one tick in growing halves of those in flight', async () => {
    const { redlock, socket } = await setUp();
    const writes = countWrites(socket);
    const mutexes = Array.from({ length: 16 }, (_, i) => redlock.mutex(`burst-${i}`));
    const locked = Promise.all(mutexes.map((mutex) => mutex.lock()));
    // Fewer than MIN_BATCH in flight: straight out. The 8th corks and holds half of the 8, the
    // 12th sends those 4 and holds half of the 12 in flight, the rest leave when the tick ends.
    expect(writes.single()).toBe(MIN_BATCH - 1);
    expect(writes.batches()).toEqual([4]);
    expect(socket.writableCorked).toBe(1);
    await locked;
    expect(writes.batches()).toEqual([4, 5]);
    expect(socket.writableCorked).toBe(0);
    await Promise.all(mutexes.map((mutex) => mutex.unlock()));
  });

  it('sends the next commands of replies read together in two halves', async () => {
    const { redlock, socket } = await setUp();
    const mutexes = Array.from({ length: MIN_BATCH }, (_, i) => redlock.mutex(`read-${i}`));
    await Promise.all(mutexes.map((mutex) => mutex.lock()));
    // All MIN_BATCH acquisitions finished since the last call started: their releases, started
    // in one tick, are one batch.
    const writes = countWrites(socket);
    const unlocked = Promise.all(mutexes.map((mutex) => mutex.unlock()));
    expect(writes.batches()).toEqual([MIN_BATCH / 2]);
    await expect(unlocked).resolves.toEqual(Array(MIN_BATCH).fill(true));
    expect(writes.single()).toBe(0);
    expect(writes.batches()).toEqual([MIN_BATCH / 2, MIN_BATCH / 2]);
  });

  it('leaves a few calls at once to go straight out', async () => {
    const { redlock, socket } = await setUp();
    const writes = countWrites(socket);
    const mutexes = Array.from({ length: MIN_BATCH - 1 }, (_, i) => redlock.mutex(`few-${i}`));
    const locked = Promise.all(mutexes.map((mutex) => mutex.lock()));
    expect(socket.writableCorked).toBe(0);
    await locked;
    await Promise.all(mutexes.map((mutex) => mutex.unlock()));
    expect(writes.single()).toBe(2 * (MIN_BATCH - 1));
    expect(writes.batches()).toEqual([]);
  });

  it('leaves a lone call to go straight out', async () => {
    const { redlock, socket } = await setUp();
    const writes = countWrites(socket);
    const locking = redlock.mutex('alone').lock();
    expect(socket.writableCorked).toBe(0);
    const mutex = await locking;
    await mutex.unlock();
    expect(writes.single()).toBe(2);
    expect(writes.batches()).toEqual([]);
  });

  it('never corks with coalesceWrites: false', async () => {
    const { redlock, socket } = await setUp(false);
    const writes = countWrites(socket);
    const mutexes = Array.from({ length: 16 }, (_, i) => redlock.mutex(`off-${i}`));
    const locked = Promise.all(mutexes.map((mutex) => mutex.lock()));
    expect(socket.writableCorked).toBe(0);
    await locked;
    await Promise.all(mutexes.map((mutex) => mutex.unlock()));
    expect(writes.single()).toBe(32);
    expect(writes.batches()).toEqual([]);
  });

  it('corks a socket once per tick, across microtasks, and uncorks it when the tick ends', async () => {
    const { socket } = await setUp();
    const client = clients.at(-1)!;
    const writes = countWrites(socket);
    coalesceWrites(client, MIN_BATCH);
    const replies = [client.ping()];
    await Promise.resolve();
    coalesceWrites(client, 1); // a continuation of the same tick: the cork is already there
    replies.push(client.ping());
    expect(socket.writableCorked).toBe(1);
    await nextMacrotask();
    expect(socket.writableCorked).toBe(0);
    await expect(Promise.all(replies)).resolves.toEqual(['PONG', 'PONG']);
    expect(writes.batches()).toEqual([2]);
  });

  it('leaves a client that is not ready alone (its commands wait in the offline queue)', () => {
    const offline = new Redis(SHARED_REDIS, { lazyConnect: true });
    clients.push(offline);
    expect(() => coalesceWrites(offline, MIN_BATCH)).not.toThrow();
    expect(offline.status).toBe('wait');
  });
});
