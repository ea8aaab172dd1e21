import { jest } from '@jest/globals';
import type { CacheKeys } from '../cache-keys.js';
import { CacheProbe } from '../cache-probe.js';
import { CacheUnavailableError } from '../cache.errors.js';
import {
  SpecRedis,
  specOptions,
  thing,
  thingEntity,
  unreachableRedis,
} from '../cache-spec-support.js';
import type { WriteSet } from './cache-strategy.interface.js';
import { LeaseWriter } from './lease-writer.js';

/** The writer's half of `lease` on a real Redis (docs/consistency.md, "Write"). */
describe('LeaseWriter', () => {
  let redis: SpecRedis;
  const entity = thingEntity();
  const options = specOptions({ writeBeginRetryMs: 30, invalidationRetryMs: 30 });
  let writer: LeaseWriter;

  beforeAll(async () => {
    redis = await new SpecRedis().ready();
    writer = new LeaseWriter(redis.cache, new CacheProbe(), options);
  });
  afterAll(() => redis.close());
  afterEach(() => jest.restoreAllMocks());

  const keysOf = (id: string) => entity.keysOf({ id }) as CacheKeys;
  const writeOf = (token: string, ...ids: string[]): WriteSet => ({
    token,
    rows: ids.map((id) => ({ entity, keys: keysOf(id) })),
  });

  /** What a reader arriving now would be told: `BYPASS` while a writer is in progress. */
  const readerSees = async (keys: CacheKeys) =>
    (await redis.cache.leaseAcquire(keys, 'probe reader', 1_000))[0];

  async function cached(keys: CacheKeys): Promise<void> {
    await redis.client.set(keys.row, entity.codec.encode(thing('x')));
    await redis.client.set(keys.lease, 'a reader', 'PX', 60_000);
  }

  it('begin joins each row’s marker, deletes the row and voids the readers’ leases', async () => {
    const write = writeOf('w-begin', 'begin-a', 'begin-b');
    for (const { keys } of write.rows) await cached(keys);

    await writer.begin(write);

    for (const { keys } of write.rows) {
      expect(await redis.client.exists(keys.row, keys.lease)).toBe(0);
      expect(Number(await redis.client.zscore(keys.lock, 'w-begin'))).toBeGreaterThan(Date.now());
      expect(await readerSees(keys)).toBe('BYPASS');
    }
  });

  it('end deletes the row and the leases again and removes its marker entry', async () => {
    const write = writeOf('w-end', 'end');
    const { keys } = write.rows[0];
    await writer.begin(write);
    await cached(keys); // a reader that filled while this writer's entry had expired

    expect(await writer.end(write, true)).toBe(true); // final: CDC may skip the write's rows

    expect(await redis.client.exists(keys.row, keys.lease, keys.lock)).toBe(0);
    await redis.client.del(keys.lease);
    expect(await readerSees(keys)).toBe('LEASE');
  });

  it('overlapping writers: the first to end leaves the other’s entry, readers still bypass', async () => {
    const first = writeOf('w-first', 'overlap');
    const second = writeOf('w-second', 'overlap');
    const { keys } = first.rows[0];
    await writer.begin(first);
    await writer.begin(second);

    await writer.end(first, true);

    expect(await redis.client.zrange(keys.lock, 0, -1)).toEqual(['w-second']);
    expect(await readerSees(keys)).toBe('BYPASS');
    await writer.end(second, true);
    expect(await redis.client.exists(keys.lock)).toBe(0);
  });

  it('begin is retried across a failed round trip', async () => {
    const write = writeOf('w-retry', 'retry');
    const writeBegin = redis.cache.writeBegin.bind(redis.cache);
    jest
      .spyOn(redis.cache, 'writeBegin')
      .mockRejectedValueOnce(new Error('Connection is closed.'))
      .mockImplementation(writeBegin);

    await writer.begin(write);

    expect(await redis.client.zscore(write.rows[0].keys.lock, 'w-retry')).not.toBeNull();
  });

  it('begin refuses the write once Redis has not answered for writeBeginRetryMs', async () => {
    const down = await unreachableRedis();
    const offline = new LeaseWriter(down, new CacheProbe(), options);
    const refused = offline.begin(writeOf('w-down', 'down'));
    await expect(refused).rejects.toBeInstanceOf(CacheUnavailableError);
    await expect(refused).rejects.toMatchObject({ code: 'CACHE_UNAVAILABLE' });
  });

  it('a committed end that cannot reach Redis retries, then counts the failure, never throws', async () => {
    const down = await unreachableRedis();
    const probe = new CacheProbe();
    const retries = jest.fn<(rowKey: string) => void>();
    probe.install({ afterWriteEndFailure: retries });
    const offline = new LeaseWriter(down, probe, options);
    const failed = entity.metrics.invalidationFailed.n;

    await expect(offline.end(writeOf('w-lost', 'lost'), true)).resolves.toBe(false);

    expect(retries).toHaveBeenCalled();
    expect(entity.metrics.invalidationFailed.n).toBe(failed + 1);
  });
});
