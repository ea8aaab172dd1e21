import { jest } from '@jest/globals';
import { Propagation, TransactionHost } from '@nestjs-cls/transactional';
import { CacheRedis } from '../../src/cache/testing.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { cacheStaleness, freshUser } from './support/staleness.js';

/**
 * Race 8 of docs/consistency.md: cached writes inside the caller's own transaction
 * (`@Transactional()` / `TransactionHost`). They join it; the rows' write-end runs once, after
 * the outermost commit or rollback; reads inside it never use or fill the cache.
 */
describe('cached writes in the caller’s transaction', () => {
  let t: CacheTestApp;
  let txHost: TransactionHost;
  let writeEnds: jest.SpiedFunction<CacheRedis['writeEnd']>;
  beforeAll(async () => {
    t = await createCacheTestApp();
    txHost = t.app.get(TransactionHost);
    writeEnds = jest.spyOn(t.app.get(CacheRedis), 'writeEnd');
  });
  afterEach(() => t.probe.install({}));
  afterAll(() => t.close());

  /** The caller's read-modify-write: a locking read, then the cached `save`. */
  async function setLevel(userId: string, userLevel: number): Promise<void> {
    const row = await t.repository.findForUpdate(userId);
    if (!row) throw new Error(`no row ${userId}`);
    row.userLevel = userLevel;
    row.version += 1;
    await t.repository.save(row);
  }

  async function cachedUser(): Promise<string> {
    const userId = await freshUser(t);
    await t.users.findByUserId(userId);
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(1);
    writeEnds.mockClear(); // the insert's own end
    return userId;
  }

  it('a rollback undoes the cached write, and the cache holds no row of it', async () => {
    const userId = await cachedUser();
    const keys = t.userKeys(userId);
    await expect(
      txHost.withTransaction(async () => {
        await setLevel(userId, 7);
        expect(await t.redis.exists(keys.row)).toBe(0); // write-begin deleted it
        throw new Error('the caller rolls back');
      }),
    ).rejects.toThrow('the caller rolls back');
    expect(await t.mysqlLevel(userId)).toBe(1);
    expect(writeEnds).toHaveBeenCalledTimes(1);
    expect(await t.redis.exists(keys.lock)).toBe(0); // the writer left the marker
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 1, version: 1 });
    expect(await cacheStaleness(t, userId)).toBe('consistent');
  });

  it('a commit invalidates exactly once, after the commit', async () => {
    const userId = await cachedUser();
    const levelsAtEnd: (number | null)[] = [];
    t.probe.install({
      afterCommit: async (row) => {
        if (row === t.userKeys(userId).row) levelsAtEnd.push(await t.mysqlLevel(userId));
      },
    });
    await txHost.withTransaction(async () => {
      await setLevel(userId, 2);
      await setLevel(userId, 3); // the same row twice: one writer, one end
      expect(writeEnds).not.toHaveBeenCalled();
    });
    expect(writeEnds).toHaveBeenCalledTimes(1);
    expect(levelsAtEnd).toEqual([3]); // MySQL had committed when the end ran
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 3, version: 3 });
    expect(await cacheStaleness(t, userId)).toBe('consistent');
  });

  it('a transaction that already locked the row completes (the write runs on its connection)', async () => {
    const userId = await cachedUser();
    await txHost.withTransaction(async () => {
      await t.repository.findForUpdate(userId); // the row lock, held until the commit
      await setLevel(userId, 4);
      await t.repository.delete(userId);
      await t.users.insert({ userId, userLevel: 5, nickname: null });
    });
    expect(writeEnds).toHaveBeenCalledTimes(1);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 5, version: 1 });
  });

  it('nested cached writes invalidate after the outermost commit, not before', async () => {
    const userId = await cachedUser();
    const keys = t.userKeys(userId);
    await txHost.withTransaction(async () => {
      await setLevel(userId, 2);
      await txHost.withTransaction(Propagation.Nested, () => setLevel(userId, 3)); // savepoint
      await txHost.withTransaction(Propagation.Required, () => setLevel(userId, 4)); // joins
      expect(writeEnds).not.toHaveBeenCalled();
      expect(await t.redis.zcard(keys.lock)).toBe(1); // one writer: this transaction
      // A reader outside the transaction: MySQL's committed row, no fill while it is open.
      const outside = await txHost.withoutTransaction(() => t.users.findByUserId(userId));
      expect(outside).toMatchObject({ userLevel: 1 });
      expect(await t.redis.exists(keys.row)).toBe(0);
    });
    expect(writeEnds).toHaveBeenCalledTimes(1);
    expect(await t.redis.exists(keys.lock)).toBe(0);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 4, version: 4 });
    expect(await cacheStaleness(t, userId)).toBe('consistent');
  });

  it('a read inside the transaction sees its own uncommitted write and fills nothing', async () => {
    const userId = await cachedUser();
    const keys = t.userKeys(userId);
    const bypass = () =>
      t.counter('cache_requests_total', { entity: 'UserAuthInfo', result: 'bypass' });
    const before = await bypass();
    await txHost.withTransaction(async () => {
      await setLevel(userId, 6);
      expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 6 });
      expect(await t.users.findByUserId(userId, { userLevel: 1 })).toBeNull();
      expect(await t.redis.exists(keys.row)).toBe(0);
      expect(await t.redis.exists(keys.lease)).toBe(0);
    });
    expect(await bypass()).toBe(before + 2);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 6 });
  });

  it('a cached write outside any transaction gets one of its own: its failure applies nothing', async () => {
    const userId = await cachedUser();
    await expect(t.users.insert({ userId, userLevel: 9, nickname: null })).rejects.toThrow(
      /Duplicate entry/,
    );
    expect(writeEnds).toHaveBeenCalledTimes(1); // ended after its rollback
    expect(await t.redis.exists(t.userKeys(userId).lock)).toBe(0);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 1 });
  });
});
