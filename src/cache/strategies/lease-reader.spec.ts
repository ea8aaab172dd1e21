import { jest } from '@jest/globals';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheKeys } from '../cache-keys.js';
import { CacheProbe } from '../cache-probe.js';
import type { LeaseReply } from '../cache-redis.js';
import {
  signal,
  SpecRedis,
  specOptions,
  thing,
  thingEntity,
  unreachableRedis,
  type Thing,
} from '../cache-spec-support.js';
import type { LoadedRow, ReadMiss } from './cache-strategy.interface.js';
import { LeaseReader } from './lease-reader.js';

/** The reader's half of `lease` on a real Redis (docs/consistency.md, "Read"). */
describe('LeaseReader', () => {
  let redis: SpecRedis;
  const entity = thingEntity();
  const options = specOptions({ readWaitMs: 10_000 });
  let reader: LeaseReader;

  beforeAll(async () => {
    redis = await new SpecRedis().ready();
    reader = new LeaseReader(redis.cache, new CacheProbe(), options);
  });
  afterAll(() => redis.close());

  const keysOf = (id: string) => entity.keysOf({ id }) as CacheKeys;

  function readMiss(id: string, row: Thing | null, beforeFill = async () => {}) {
    const load = jest.fn(async (): Promise<LoadedRow> => ({ row, fillable: true }));
    const read: ReadMiss = { entity, keys: keysOf(id), load, beforeFill };
    return { read, load };
  }

  /** Resolves at the first `WAIT` the reader gets: it is then waiting for another reader's fill. */
  function firstWait(): Promise<void> {
    const waiting = signal();
    const acquire = redis.cache.leaseAcquire.bind(redis.cache);
    jest.spyOn(redis.cache, 'leaseAcquire').mockImplementation(async (...args) => {
      const reply: LeaseReply = await acquire(...args);
      if (reply[0] === 'WAIT') waiting.resolve();
      return reply;
    });
    return waiting.promise;
  }

  afterEach(() => jest.restoreAllMocks());

  it('takes the lease, loads once and fills the row; the lease is released', async () => {
    const { read, load } = readMiss('fill', thing('fill'));
    const stored = entity.metrics.stored.n;

    await expect(reader.miss(read)).resolves.toEqual({ row: thing('fill'), result: 'miss' });

    expect(load).toHaveBeenCalledTimes(1);
    expect(entity.codec.decode((await redis.client.get(read.keys.row))!)).toEqual(thing('fill'));
    expect(await redis.client.exists(read.keys.lease)).toBe(0);
    expect(entity.metrics.stored.n).toBe(stored + 1);
  });

  it('caches the absence of a row as the negative marker, with the negative TTL', async () => {
    const { read } = readMiss('absent', null);
    await expect(reader.miss(read)).resolves.toEqual({ row: null, result: 'miss' });
    expect(await redis.client.get(read.keys.row)).toBe(NEGATIVE_MARKER);
    expect(await redis.client.pttl(read.keys.row)).toBeLessThanOrEqual(options.negativeTtlMs);
  });

  it('while a writer is in progress, loads MySQL and never fills (bypass)', async () => {
    const { read, load } = readMiss('written', thing('written'));
    await redis.cache.writeBegin(read.keys, 'writer', options.lockTtlMs);

    await expect(reader.miss(read)).resolves.toMatchObject({ result: 'bypass' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await redis.client.exists(read.keys.row)).toBe(0);
  });

  it('refuses its fill when a write begins between its load and its fill (race 1)', async () => {
    const keys = keysOf('stale');
    const { read } = readMiss('stale', thing('stale', 'old'), async () => {
      await redis.cache.writeBegin(keys, 'writer', options.lockTtlMs);
      await redis.cache.writeEnd(keys, 'writer'); // committed, marker gone: only the lease stops it
    });
    const rejected = entity.metrics.rejected.n;

    await expect(reader.miss(read)).resolves.toMatchObject({ result: 'miss' });
    expect(await redis.client.exists(keys.row)).toBe(0);
    expect(entity.metrics.rejected.n).toBe(rejected + 1);
  });

  it('waits for the lease holder’s fill and answers its row without loading', async () => {
    const { read, load } = readMiss('shared', thing('shared', 'mine'));
    await redis.client.set(read.keys.lease, 'other reader', 'PX', 60_000);
    const waiting = firstWait();

    const outcome = reader.miss(read);
    await waiting;
    await redis.client.set(read.keys.row, entity.codec.encode(thing('shared', 'theirs')));

    await expect(outcome).resolves.toEqual({ row: thing('shared', 'theirs'), result: 'miss' });
    expect(load).not.toHaveBeenCalled();
  });

  it('takes the lease over when its holder’s lease is gone (voided, or the holder died)', async () => {
    const { read, load } = readMiss('taken-over', thing('taken-over'));
    await redis.client.set(read.keys.lease, 'dead reader', 'PX', 60_000);
    const waiting = firstWait();

    const outcome = reader.miss(read);
    await waiting;
    await redis.client.del(read.keys.lease);

    await expect(outcome).resolves.toEqual({ row: thing('taken-over'), result: 'miss' });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await redis.client.exists(read.keys.row)).toBe(1);
  });

  it('past readWaitMs, loads MySQL itself and leaves the holder’s lease alone', async () => {
    const impatient = new LeaseReader(
      redis.cache,
      new CacheProbe(),
      specOptions({ readWaitMs: 0 }),
    );
    const { read, load } = readMiss('impatient', thing('impatient'));
    await redis.client.set(read.keys.lease, 'slow reader', 'PX', 60_000);

    await expect(impatient.miss(read)).resolves.toEqual({
      row: thing('impatient'),
      result: 'miss',
    });
    expect(load).toHaveBeenCalledTimes(1);
    expect(await redis.client.exists(read.keys.row)).toBe(0);
    expect(await redis.client.get(read.keys.lease)).toBe('slow reader');
  });

  it('gives the lease back, unfilled, when the load is not fillable', async () => {
    const keys = keysOf('partial');
    const load = async (): Promise<LoadedRow> => ({ row: thing('partial'), fillable: false });
    const read: ReadMiss = { entity, keys, load, beforeFill: async () => {} };

    await expect(reader.miss(read)).resolves.toMatchObject({ result: 'bypass' });
    expect(await redis.client.exists(keys.row)).toBe(0);
    expect(await redis.client.exists(keys.lease)).toBe(0);
  });

  it('answers from MySQL when Redis is unreachable', async () => {
    const down = await unreachableRedis();
    const { read, load } = readMiss('down', thing('down'));
    const offline = new LeaseReader(down, new CacheProbe(), options);
    await expect(offline.miss(read)).resolves.toEqual({
      row: thing('down'),
      result: 'unavailable',
    });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a batch leases every miss, loads them in one call and fills only those it leased', async () => {
    const [free, held, filled] = ['batch-free', 'batch-held', 'batch-filled'].map(keysOf);
    await redis.client.set(held.lease, 'other reader', 'PX', 60_000);
    await redis.client.set(filled.row, entity.codec.encode(thing('batch-filled')));
    const load = jest.fn(async (keys: readonly CacheKeys[]) => ({
      rows: new Map(keys.map((k) => [k.row, thing(k === free ? 'batch-free' : 'batch-held')])),
      unfillable: new Set<string>(),
    }));

    const outcomes = await reader.missMany({
      entity,
      keys: [free, held, filled],
      load,
      beforeFill: async () => {},
    });

    expect(load).toHaveBeenCalledTimes(1);
    expect(load.mock.calls[0][0]).toEqual([free, held]);
    expect(outcomes.get(filled.row)).toEqual({ row: thing('batch-filled'), result: 'miss' });
    expect(outcomes.get(held.row)).toEqual({ row: thing('batch-held'), result: 'miss' });
    expect(await redis.client.exists(free.row)).toBe(1);
    expect(await redis.client.exists(held.row)).toBe(0);
    expect(await redis.client.get(held.lease)).toBe('other reader');
  });
});
