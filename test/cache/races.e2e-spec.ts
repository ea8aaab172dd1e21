import type { CacheStrategyName } from '../../src/config/app-config.interface.js';
import { CacheLockLostError } from '../../src/cache/index.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { ArrivalLog, Gate, holdOnce } from './support/gate.js';
import { cacheStaleness, freshGoods, freshUser, goodsStaleness } from './support/staleness.js';

/**
 * The races of docs/consistency.md, each forced with probe barriers (no sleeps): `lease` keeps
 * the cache consistent, and the simpler strategies that leave a race open are shown ending with
 * a stale row, so that every test here can fail.
 */
const COMPARED = ['lease', 'naive', 'double-delete', 'seed-lock', 'delete-lock'] as const;
type Compared = (typeof COMPARED)[number];

describe('races', () => {
  const apps = new Map<CacheStrategyName, CacheTestApp>();
  const app = (strategy: Compared) => apps.get(strategy)!;

  beforeAll(async () => {
    for (const strategy of COMPARED) {
      apps.set(
        strategy,
        await createCacheTestApp({ CACHE_STRATEGY: strategy }, { doubleDeleteDelayMs: 20 }),
      );
    }
  });
  afterEach(() => {
    for (const t of apps.values()) t.probe.install({});
  });
  afterAll(async () => {
    for (const t of apps.values()) await t.close();
  });

  describe('1. stale set: a fill of the old row lands after a write completed', () => {
    async function staleSet(strategy: Compared) {
      const t = app(strategy);
      // double-delete schedules a delayed DEL after every write, the insert's included: count
      // them, so that the one awaited below is the update's (1: the insert's, 2: the update's).
      const delayedDeletes = new ArrivalLog();
      t.probe.install({ afterDelayedDelete: delayedDeletes.hook });
      const userId = await freshUser(t);
      const keys = t.userKeys(userId);
      if (strategy === 'double-delete') await delayedDeletes.arrival(keys.row, 1);
      const fill = new Gate();
      t.probe.install({
        beforeFill: holdOnce(fill, keys.row),
        afterDelayedDelete: delayedDeletes.hook,
      });
      const read = t.users.findByUserId(userId);
      await fill.reached; // the reader loaded level 1 and is about to fill
      // It stays paused past any lock's TTL (seed-lock's reader holds the row's lock).
      await t.redis.del(keys.lock);
      await t.users.update(userId, { userLevel: 2 });
      if (strategy === 'double-delete') await delayedDeletes.arrival(keys.row, 2);
      fill.open();
      expect(await read).toMatchObject({ userLevel: 1 }); // concurrent with the write: fine
      return cacheStaleness(t, userId);
    }

    it('lease: the fill is refused (the writer voided the lease)', async () => {
      const t = app('lease');
      const rejected = await t.counter('cache_fill_total', {
        entity: 'UserAuthInfo',
        outcome: 'rejected',
      });
      expect(await staleSet('lease')).toBe('consistent');
      expect(
        await t.counter('cache_fill_total', { entity: 'UserAuthInfo', outcome: 'rejected' }),
      ).toBe(rejected + 1);
    });

    it.each(['naive', 'double-delete', 'seed-lock', 'delete-lock'] as const)(
      '%s: the old row stays cached',
      async (strategy) => {
        expect(await staleSet(strategy)).toBe('stale');
      },
    );
  });

  describe('2. writers that overlap, and a writer outlived by its marker', () => {
    /**
     * Writer A (a blind write: no MySQL lock before its SQL) pauses after write-begin; its lock
     * (seed strategies) or marker entry (lease) is lost; B writes and commits; A resumes. Under
     * `lease`, B never needed A's entry gone: writers of a row do not exclude each other in Redis.
     */
    async function takenOver(strategy: Compared) {
      const t = app(strategy);
      const goodsId = await freshGoods(t);
      const keys = t.goodsKeys(goodsId);
      const begun = new Gate();
      t.probe.install({ afterWriteBegin: holdOnce(begun, keys.row) });
      const writerA = t.inventory.setNumber(goodsId, 2).then(
        () => 'committed' as const,
        (error: unknown) => error,
      );
      await begun.reached;
      await t.redis.del(keys.lock); // A's lock or entry is lost (expiry, Redis restart)
      await t.inventory.setNumber(goodsId, 3); // B writes and commits
      begun.open();
      const outcome = await writerA;
      const [row] = await t.dataSource.query<{ number: number }[]>(
        'SELECT number FROM t_inventory WHERE goods_id = ?',
        [goodsId],
      );
      return { outcome, level: row.number, t, goodsId };
    }

    it('lease: both commit in MySQL order, and the cache ends with the last one', async () => {
      const { outcome, level, t, goodsId } = await takenOver('lease');
      expect(outcome).toBe('committed');
      expect(level).toBe(2); // A's UPDATE ran after B's commit
      expect(await goodsStaleness(t, goodsId)).toBe('consistent');
      expect(await t.inventory.findByGoodsId(goodsId)).toMatchObject({ number: 2, version: 3 });
      expect(await goodsStaleness(t, goodsId)).toBe('consistent');
    });

    it('seed-lock: the check before commit catches this interleaving', async () => {
      const { outcome, level } = await takenOver('seed-lock');
      expect(outcome).toBeInstanceOf(CacheLockLostError);
      expect(level).toBe(3);
    });

    it('delete-lock: the older writer commits over the newer one', async () => {
      const { outcome, level } = await takenOver('delete-lock');
      expect(outcome).toBe('committed');
      expect(level).toBe(2);
    });

    it('lease: a writer whose entry expired mid-transaction no longer holds readers off, yet nothing stale survives its commit', async () => {
      const t = app('lease');
      const { userId, keys, writer, read, commit, fill } = await preCommitReader(
        t,
        async (lock) => {
          await expireEntries(t, lock); // still in the marker, but expired
          expect(await t.redis.exists(lock)).toBe(1);
        },
      ); // the reader took the lease (an expired entry does not bypass) and loaded level 1
      commit.open();
      await writer; // committed; write-end voided the lease
      fill.open();
      expect(await read).toMatchObject({ userLevel: 1 }); // concurrent with the write: fine
      expect(await t.redis.exists(keys.row)).toBe(0); // the fill was refused
      expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 2 });
      expect(await cacheStaleness(t, userId)).toBe('consistent');
    });

    it('lease: a reader that fills the pre-commit row meanwhile is invalidated at commit', async () => {
      const t = app('lease');
      const userId = await freshUser(t);
      const keys = t.userKeys(userId);
      const commit = new Gate();
      t.probe.install({ beforeCommit: holdOnce(commit, keys.row) });
      const writer = t.users.update(userId, { userLevel: 2 });
      await commit.reached; // A's UPDATE ran, not committed
      await t.redis.del(keys.lock);
      expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 1 });
      expect(await t.redis.exists(keys.row)).toBe(1); // filled: the lock had expired
      commit.open();
      await writer;
      expect(await cacheStaleness(t, userId)).toBe('consistent');
      expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 2 });
    });

    it.each([
      ['lease', 'consistent'],
      ['delete-lock', 'stale'],
    ] as const)(
      '%s: a reader that loaded the pre-commit row and fills after the commit → %s',
      async (strategy, expected) => {
        const t = app(strategy);
        // The lock expired mid-transaction; the reader loaded level 1 (pre-commit).
        const { userId, writer, read, commit, fill } = await preCommitReader(t, (lock) =>
          t.redis.del(lock),
        );
        commit.open();
        await writer; // committed, invalidated, released
        fill.open();
        await read;
        expect(await cacheStaleness(t, userId)).toBe(expected);
      },
    );
  });

  describe('3. stampede: many callers miss one key at once', () => {
    it.each([
      ['lease', 1],
      ['naive', 200],
      ['double-delete', 200],
      ['seed-lock', 200], // one reader takes the lock; the others load without it
      ['delete-lock', 200],
    ] as const)(
      '%s: 200 concurrent reads in one process → about %d MySQL load(s)',
      async (strategy, expected) => {
        const t = app(strategy);
        const userId = await freshUser(t);
        const loads = () => t.counter('db_loads_total', { entity: 'UserAuthInfo' });
        const before = await loads();
        const rows = await Promise.all(
          Array.from({ length: 200 }, () => t.users.findByUserId(userId)),
        );
        expect(rows.every((row) => row?.userId === userId)).toBe(true);
        const loaded = (await loads()) - before;
        // The simple strategies load once per miss; a caller may still arrive after a fill.
        if (expected === 1) expect(loaded).toBe(1);
        else expect(loaded).toBeGreaterThan(expected * 0.9);
      },
    );
    it('lease: a caller that starts after a write never joins a flight that loaded before it', async () => {
      const t = app('lease');
      const userId = await freshUser(t);
      const loaded = new Gate();
      t.probe.install({ afterDbLoad: holdOnce(loaded, t.userKeys(userId).row) });
      const early = t.users.findByUserId(userId);
      await loaded.reached; // the flight holds level 1
      await t.users.update(userId, { userLevel: 2 });
      const late = await t.users.findByUserId(userId); // starts after the write returned
      loaded.open();
      expect(late).toMatchObject({ userLevel: 2 });
      expect(await early).toMatchObject({ userLevel: 1 }); // concurrent with the write: fine
      expect(await cacheStaleness(t, userId)).toBe('consistent');
    });
  });

  describe('4. penetration: repeated reads of a row that does not exist', () => {
    it.each([
      ['lease', 1],
      ['naive', 20],
      ['double-delete', 20],
      ['seed-lock', 20],
      ['delete-lock', 20],
    ] as const)('%s: 20 reads of a missing key → %d MySQL load(s)', async (strategy, expected) => {
      const t = app(strategy);
      const loads = () => t.counter('db_loads_total', { entity: 'UserAuthInfo' });
      const before = await loads();
      for (let i = 0; i < 20; i++) expect(await t.users.findByUserId('nobody')).toBeNull();
      expect((await loads()) - before).toBe(expected);
    });
  });
});

/** Moves every entry of a `lease` writer marker into the past: expired, but still there. */
async function expireEntries(t: CacheTestApp, marker: string): Promise<void> {
  const writers = await t.redis.zrange(marker, 0, -1);
  expect(writers.length).toBeGreaterThan(0);
  for (const writer of writers) await t.redis.zadd(marker, 'XX', Date.now() - 1000, writer);
}

/**
 * A writer held before its commit (its UPDATE ran), its lock or marker entry then lost by
 * `lose`, and a reader held before its fill, having loaded the pre-commit row.
 */
async function preCommitReader(t: CacheTestApp, lose: (lock: string) => Promise<unknown>) {
  const userId = await freshUser(t);
  const keys = t.userKeys(userId);
  const commit = new Gate();
  const fill = new Gate();
  t.probe.install({
    beforeCommit: holdOnce(commit, keys.row),
    beforeFill: holdOnce(fill, keys.row),
  });
  const writer = t.users.update(userId, { userLevel: 2 });
  await commit.reached;
  await lose(keys.lock);
  const read = t.users.findByUserId(userId);
  await fill.reached;
  return { userId, keys, writer, read, commit, fill };
}
