import { jest } from '@jest/globals';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import { CacheProbe } from '../cache-probe.js';
import * as spec from '../cache-spec-support.js';
import type { CacheableRowOptions } from '../decorators/cacheable.decorator.js';
import { LeaseStrategy } from '../strategies/lease.strategy.js';
import type { CacheWriter } from '../writes/cache-writer.js';
import { CachedMethod } from './cached-method.js';
import { CachedReadInterceptor } from './cached-read.interceptor.js';
import { CachedReads } from './cached-reads.js';

type Args = [id: string, where?: Partial<spec.Thing>];

/** `find(id, where)` as a repository would write it, applied by `CachedReadInterceptor`. */
describe('CachedReadInterceptor', () => {
  let redis: spec.SpecRedis;
  const entity = spec.thingEntity(false);
  const options = spec.specOptions();
  let inTransaction = false;
  const writer = { inTransaction: () => inTransaction } as unknown as CacheWriter;
  const rowOptions: CacheableRowOptions<Args> = {
    entity: entity.config.entity,
    key: (id) => ({ id }),
    conditions: (_id, where) => where,
    loadArgs: (id) => [id],
  };

  beforeAll(async () => {
    redis = await new spec.SpecRedis().ready();
  });
  afterAll(() => redis.close());
  afterEach(() => {
    inTransaction = false;
  });

  /** A decorated method over `rows` (MySQL): each call is one `next`. */
  function method(rows: Record<string, object | null>, cache = redis.cache) {
    const probe = new CacheProbe();
    const strategy = new LeaseStrategy(cache, probe, options);
    const reads = new CachedReads(cache, strategy, probe, writer, options, spec.NO_AUDITS);
    const interceptor = new CachedReadInterceptor(reads);
    const metadata = new CachedMethod('Things.find', entity, rowOptions as CacheableRowOptions);
    const next = jest.fn(async (args?: readonly unknown[]) => {
      const [id, where = {}] = args as Args;
      const row = rows[id] ?? null;
      const matches = Object.entries(where).every(([k, v]) => (row as never)?.[k] === v);
      return row && matches ? row : null;
    });
    const call = (...args: Args) =>
      interceptor.intercept({ instance: {}, methodName: 'find', args, metadata }, (given = args) =>
        next(given),
      );
    return { call, next, strategy };
  }

  const keysOf = (id: string) => entity.keysOf({ id }) as CacheKeys;

  it('a miss loads by the key alone and fills; the next call is a hit, with its own filter', async () => {
    const { call, next } = method({ hit: spec.thing('hit', 'n') });

    await expect(call('hit', { name: 'n' })).resolves.toEqual(spec.thing('hit', 'n'));
    expect(next).toHaveBeenCalledWith(['hit']);
    const hits = entity.metrics.requests.hit.n;

    await expect(call('hit', { name: 'n' })).resolves.toEqual(spec.thing('hit', 'n'));
    await expect(call('hit', { name: 'other' })).resolves.toBeNull();
    expect(next).toHaveBeenCalledTimes(1);
    expect(entity.metrics.requests.hit.n).toBe(hits + 2);
  });

  it('a cached absence answers null without MySQL', async () => {
    const { call, next } = method({});
    await redis.client.set(keysOf('nothing').row, NEGATIVE_MARKER);
    await expect(call('nothing')).resolves.toBeNull();
    expect(next).not.toHaveBeenCalled();
  });

  it('concurrent misses of one key share one miss, and each caller gets a copy of its own', async () => {
    const loading = spec.signal();
    const { call, next, strategy } = method({ flight: spec.thing('flight') });
    const miss = jest.spyOn(strategy, 'miss');
    next.mockImplementationOnce(async () => {
      await loading.promise;
      return spec.thing('flight');
    });

    const calls = [call('flight'), call('flight'), call('flight')];
    loading.resolve();
    const rows = (await Promise.all(calls)) as spec.Thing[];

    expect(miss).toHaveBeenCalledTimes(1); // one lease-acquire and one load for the three
    expect(next).toHaveBeenCalledTimes(1);
    expect(rows).toEqual([spec.thing('flight'), spec.thing('flight'), spec.thing('flight')]);
    rows[0].name = 'changed by one caller';
    expect(rows[1].name).toBe(spec.thing('flight').name);
  });

  it('inside a transaction, reads MySQL with the caller’s own arguments, never Redis', async () => {
    const { call, next } = method({ tx: spec.thing('tx', 'in MySQL') });
    await redis.client.set(keysOf('tx').row, entity.codec.encode(spec.thing('tx', 'cached')));
    inTransaction = true;

    await expect(call('tx', { name: 'in MySQL' })).resolves.toEqual(spec.thing('tx', 'in MySQL'));
    expect(next).toHaveBeenCalledWith(['tx', { name: 'in MySQL' }]);
  });

  it('a partial row is returned, never cached, and the method bypasses from then on', async () => {
    const partial = { id: 'partial', name: 'n' };
    const { call, next } = method({ partial, other: spec.thing('other') });

    await expect(call('partial')).resolves.toEqual(partial);
    expect(await redis.client.exists(keysOf('partial').row)).toBe(0);
    await call('other');
    expect(await redis.client.exists(keysOf('other').row)).toBe(0);
    expect(next).toHaveBeenCalledTimes(2);
  });

  it('a key value that cannot name one row is an error, whatever po-throws says', async () => {
    const { call, next } = method({});
    await expect(call({ $like: 'a%' } as never)).rejects.toBeInstanceOf(CacheMisuseError);
    expect(next).not.toHaveBeenCalled();
  });

  it('answers from MySQL when Redis is unreachable', async () => {
    const { call, next } = method({ down: spec.thing('down') }, await spec.unreachableRedis());
    const unavailable = entity.metrics.requests.unavailable.n;
    await expect(call('down')).resolves.toEqual(spec.thing('down'));
    expect(next).toHaveBeenCalledWith(['down']);
    expect(entity.metrics.requests.unavailable.n).toBe(unavailable + 1);
  });
});
