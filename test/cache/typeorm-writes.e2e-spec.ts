import { jest } from '@jest/globals';
import { TransactionHost } from '@nestjs-cls/transactional';
import { In, type EntityManager, type Repository } from 'typeorm';
import { CacheMisuseError } from '../../src/cache/index.js';
import { CacheRedis } from '../../src/cache/testing.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { Gate, holdOnce } from './support/gate.js';
import { cacheStaleness, freshUser } from './support/staleness.js';

/**
 * Ordinary TypeORM writes (docs/consistency.md, "Ordinary TypeORM writes"): each runs the write
 * protocol with no annotation. Every case forces race 1 against it: a reader has loaded the row
 * before the write and holds its lease, paused before the fill; the write runs; the reader
 * resumes. Had the write gone unseen, the reader would fill the old row and the cache would
 * stay stale.
 */
describe('ordinary TypeORM writes of a cached entity', () => {
  let t: CacheTestApp;
  let repo: Repository<UserAuthInfo>;
  let manager: EntityManager;
  beforeAll(async () => {
    t = await createCacheTestApp();
    repo = t.dataSource.getRepository(UserAuthInfo);
    manager = t.dataSource.manager;
  });
  afterEach(() => t.probe.install({}));
  afterAll(() => t.close());

  /** A reader loads `userId` and pauses before its fill; `write` runs; the reader resumes. */
  async function raceWith(userId: string, write: () => Promise<unknown>): Promise<void> {
    const fill = new Gate();
    t.probe.install({ beforeFill: holdOnce(fill, t.userKeys(userId).row) });
    const read = t.users.findByUserId(userId);
    await fill.reached;
    await write();
    fill.open();
    await read;
    t.probe.install({});
    expect(await cacheStaleness(t, userId)).toBe('consistent');
    expect(await t.redis.exists(t.userKeys(userId).lock)).toBe(0); // every writer ended
  }

  const level = async (userId: string) => (await t.users.findByUserId(userId))?.userLevel ?? null;

  describe.each([
    [
      'repository.save (update)',
      async (userId: string) => {
        const row = await repo.findOneByOrFail({ userId });
        row.userLevel = 2;
        await repo.save(row);
      },
    ],
    ['repository.update by key', (userId: string) => repo.update({ userId }, { userLevel: 2 })],
    [
      'manager.update by key',
      (userId: string) => manager.update(UserAuthInfo, { userId }, { userLevel: 2 }),
    ],
    [
      'repository.update by another column',
      async (userId: string) => {
        await t.dataSource.query('UPDATE t_user_auth_info SET nickname = ? WHERE user_id = ?', [
          `n-${userId}`,
          userId,
        ]);
        await repo.update({ nickname: `n-${userId}` }, { userLevel: 2 });
      },
    ],
    [
      'QueryBuilder update',
      (userId: string) =>
        manager
          .createQueryBuilder()
          .update(UserAuthInfo)
          .set({ userLevel: 2, version: () => 'version + 1' })
          .where('user_id = :userId AND user_level < :cap', { userId, cap: 100 })
          .execute(),
    ],
    ['repository.increment', (userId: string) => repo.increment({ userId }, 'userLevel', 1)],
    [
      'repository.upsert',
      (userId: string) => repo.upsert({ userId, userLevel: 2, nickname: null }, ['userId']),
    ],
    [
      'save in the caller’s transaction',
      (userId: string) =>
        t.app.get(TransactionHost).withTransaction(async () => {
          const tx = t.app.get(TransactionHost).tx as EntityManager;
          const row = await tx.findOneOrFail(UserAuthInfo, {
            where: { userId },
            lock: { mode: 'pessimistic_write' },
          });
          row.userLevel = 2;
          await tx.save(row);
        }),
    ],
  ] as const)('%s', (_api, write) => {
    it('leaves no stale row cached, and the next read sees the write', async () => {
      const userId = await freshUser(t);
      await raceWith(userId, () => write(userId));
      expect(await level(userId)).toBe(2);
      expect(await cacheStaleness(t, userId)).toBe('consistent');
    });
  });

  describe.each([
    ['repository.delete by key', (userId: string) => repo.delete({ userId })],
    ['manager.delete by key', (userId: string) => manager.delete(UserAuthInfo, { userId })],
    [
      'QueryBuilder delete',
      (userId: string) =>
        manager
          .createQueryBuilder()
          .delete()
          .from(UserAuthInfo)
          .where('user_id = :userId', { userId })
          .execute(),
    ],
    [
      'repository.remove',
      async (userId: string) => repo.remove(await repo.findOneByOrFail({ userId })),
    ],
  ] as const)('%s', (_api, write) => {
    it('leaves no deleted row cached', async () => {
      const userId = await freshUser(t);
      await raceWith(userId, () => write(userId));
      expect(await t.users.findByUserId(userId)).toBeNull();
      expect(await cacheStaleness(t, userId)).toBe('consistent');
    });
  });

  describe.each([
    [
      'repository.insert',
      (userId: string) => repo.insert({ userId, userLevel: 2, nickname: null }),
    ],
    [
      'repository.save (insert)',
      (userId: string) => repo.save(repo.create({ userId, userLevel: 2, nickname: null })),
    ],
    [
      'repository.upsert (insert)',
      (userId: string) => repo.upsert({ userId, userLevel: 2, nickname: null }, ['userId']),
    ],
  ] as const)('%s', (_api, write) => {
    it('leaves no negative marker cached for the new row', async () => {
      const userId = `new-${Math.random().toString(36).slice(2)}`;
      await raceWith(userId, () => write(userId)); // the reader loaded "no such row"
      expect(await level(userId)).toBe(2);
      expect(await cacheStaleness(t, userId)).toBe('consistent');
    });
  });

  it('a write by key begins its keys without a lookup, whether the rows exist yet or not', async () => {
    const writeBegins = jest.spyOn(t.app.get(CacheRedis), 'writeBegin');
    try {
      await repo.delete({ userId: 'not-yet-1' }); // a concurrent insert of it would be covered
      await repo.update({ userId: In(['not-yet-2', 'not-yet-3']) }, { userLevel: 4 });
      const begun = writeBegins.mock.calls.map(([keys]) => keys.row).sort();
      expect(begun).toEqual(
        ['not-yet-1', 'not-yet-2', 'not-yet-3'].map((id) => t.userKeys(id).row),
      );
    } finally {
      writeBegins.mockRestore();
    }
  });

  it('an update that moves a row to another key invalidates both keys', async () => {
    const from = await freshUser(t);
    const to = `moved-${from}`;
    expect(await t.users.findByUserId(from)).not.toBeNull(); // cached row
    expect(await t.users.findByUserId(to)).toBeNull(); // cached absence
    await repo.update({ userId: from }, { userId: to });
    expect(await t.users.findByUserId(from)).toBeNull();
    expect(await t.users.findByUserId(to)).toMatchObject({ userId: to, userLevel: 1 });
  });

  it('a write whose rows cannot be known is refused before it runs (po-throws="true")', async () => {
    const userId = await freshUser(t);
    await expect(
      manager
        .createQueryBuilder()
        .update(UserAuthInfo)
        .set({ userId: () => "CONCAT(user_id, '-x')" })
        .where('user_id = :userId', { userId })
        .execute(),
    ).rejects.toThrow(CacheMisuseError);
    await expect(
      manager.createQueryBuilder().update(UserAuthInfo).set({ userLevel: 3 }).execute(),
    ).rejects.toThrow(/whose cached rows cannot be known/);
    expect(await t.mysqlLevel(userId)).toBe(1);
  });

  it('an annotated write and the subscriber never both invalidate', async () => {
    const writeBegins = jest.spyOn(t.app.get(CacheRedis), 'writeBegin');
    const writeEnds = jest.spyOn(t.app.get(CacheRedis), 'writeEnd');
    try {
      await t.inventory.insert({ goodsId: 99_001, number: 1 }); // @CacheEvict, repository.insert inside
      await t.inventory.setNumber(99_001, 5); // @CacheEvict, QueryBuilder update inside
      expect(writeBegins).toHaveBeenCalledTimes(2);
      expect(writeEnds).toHaveBeenCalledTimes(2);
    } finally {
      writeBegins.mockRestore();
      writeEnds.mockRestore();
    }
    expect(await t.inventory.findByGoodsId(99_001)).toMatchObject({ number: 5 });
  });
});
