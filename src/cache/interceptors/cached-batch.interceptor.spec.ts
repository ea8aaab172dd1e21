import { jest } from '@jest/globals';
import { CacheProbe } from '../cache-probe.js';
import {
  NO_AUDITS,
  SpecRedis,
  specOptions,
  thing,
  thingEntity,
  type Thing,
} from '../cache-spec-support.js';
import type { CacheableBatchOptions } from '../decorators/cacheable.decorator.js';
import { LeaseStrategy } from '../strategies/lease.strategy.js';
import type { CacheWriter } from '../writes/cache-writer.js';
import { CachedBatchInterceptor } from './cached-batch.interceptor.js';
import { CachedMethod } from './cached-method.js';
import { CachedReads } from './cached-reads.js';

/** `findMany(ids)` as a repository would write it, applied by `CachedBatchInterceptor`. */
describe('CachedBatchInterceptor', () => {
  let redis: SpecRedis;
  let interceptor: CachedBatchInterceptor;
  const entity = thingEntity();
  const batchOptions: CacheableBatchOptions<[string[]], { id: string }> = {
    entity: entity.config.entity,
    keys: (ids) => ids.map((id) => ({ id })),
    loadArgs: (keys) => [keys.map((key) => key.id)],
    conditions: () => ({ name: 'kept' }),
  };
  const metadata = new CachedMethod('Things.findMany', entity, batchOptions as never);
  const writer = { inTransaction: () => false } as unknown as CacheWriter;

  beforeAll(async () => {
    redis = await new SpecRedis().ready();
    const probe = new CacheProbe();
    const options = specOptions();
    const strategy = new LeaseStrategy(redis.cache, probe, options);
    const reads = new CachedReads(redis.cache, strategy, probe, writer, options, NO_AUDITS);
    interceptor = new CachedBatchInterceptor(reads);
  });
  afterAll(() => redis.close());

  /** MySQL: the rows it has, in its own order; `ids` asked, as the method's one argument. */
  function method(rows: Thing[]) {
    const next = jest.fn(async (args?: readonly unknown[]) => {
      const [ids] = args as [string[]];
      return rows.filter((row) =>
        ids.some((id) => id.toLowerCase() === String(row.id).toLowerCase()),
      );
    });
    const call = (ids: string[]) =>
      interceptor.intercept(
        { instance: {}, methodName: 'findMany', args: [ids], metadata },
        (given = [ids]) => next(given),
      );
    return { call, next };
  }

  it('answers the rows found in the order asked, loading the misses in one call', async () => {
    await redis.client.set('THING:{b-hit}', entity.codec.encode(thing('b-hit', 'kept')));
    const { call, next } = method([thing('a-miss', 'kept'), thing('c-miss', 'kept')]);

    const rows = await call(['c-miss', 'b-hit', 'nowhere', 'a-miss', 'c-miss']);

    expect(rows.map((row) => (row as Thing).id)).toEqual(['c-miss', 'b-hit', 'a-miss']);
    expect(next).toHaveBeenCalledTimes(1);
    expect(next).toHaveBeenCalledWith([['c-miss', 'nowhere', 'a-miss']]);
  });

  it('all hits: one MGET and no MySQL; each row post-filtered', async () => {
    const { call, next } = method([]);
    await redis.client.set('THING:{h1}', entity.codec.encode(thing('h1', 'kept')));
    await redis.client.set('THING:{h2}', entity.codec.encode(thing('h2', 'dropped')));

    const rows = await call(['h2', 'h1']);

    expect(rows).toEqual([thing('h1', 'kept')]);
    expect(next).not.toHaveBeenCalled();
  });

  it('leaves out a row MySQL matched under another key than asked, and never caches it', async () => {
    // A case-insensitive collation finds `Mixed` for `mixed`; a numeric id stringifies to the
    // key asked, yet is not the value asked.
    const numeric = Object.assign(thing('7', 'kept'), { id: 7 as unknown as string });
    const { call } = method([thing('Mixed', 'kept'), numeric]);
    const mismatches = entity.metrics.keyMismatch.n;

    expect(await call(['mixed', '7'])).toEqual([]);
    expect(await redis.client.exists('THING:{Mixed}')).toBe(0);
    expect(entity.metrics.keyMismatch.n).toBe(mismatches + 2);
  });
});
