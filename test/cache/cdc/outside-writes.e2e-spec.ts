import type { Connection } from 'mysql2/promise';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../../../src/metrics/metrics.constants.js';
import { MariadbServer } from '../../../support/mariadb-server.js';
import { Gate, holdOnce } from '../support/gate.js';
import { cacheStaleness } from '../support/staleness.js';
import { createCdcTestApp, outsideWriter, type CdcTestApp } from './cdc-test-app.js';

/**
 * `CACHE_CDC=binlog`: writes made straight to MySQL, behind the app's back, reach the cache
 * through the binlog (docs/consistency.md, "Change data capture"). Each test waits for the
 * stream's invalidation of the row (a probe), never for time.
 */
describe('binlog CDC: writes from outside the app', () => {
  let server: MariadbServer;
  let t: CdcTestApp;
  let naive: CdcTestApp;
  let sql: Connection;
  let naiveSql: Connection;

  beforeAll(async () => {
    server = await MariadbServer.start();
    [t, naive] = await Promise.all([
      createCdcTestApp(server),
      createCdcTestApp(server, { CACHE_STRATEGY: 'naive' }),
    ]);
    sql = await outsideWriter(server, t);
    naiveSql = await outsideWriter(server, naive);
  });
  afterEach(() => {
    t.probe.install({});
    naive.probe.install({});
  });
  afterAll(async () => {
    await sql?.end();
    await naiveSql?.end();
    await t?.close();
    await naive?.close();
    await server?.stop();
  });

  let users = 0;

  /** A new user (level 1) whose insert the stream has already handled. */
  async function settledUser(app: CdcTestApp): Promise<string> {
    const userId = `cdc-${process.pid}-${++users}`;
    await app.insertSettled(userId);
    return userId;
  }

  async function cachedLevel(app: CdcTestApp, userId: string): Promise<number | null> {
    const cached = await app.redis.get(app.userKeys(userId).row);
    return cached === null ? null : (JSON.parse(cached) as { userLevel: number }).userLevel;
  }

  it('an UPDATE deletes the cached row', async () => {
    const userId = await settledUser(t);
    await t.users.findByUserId(userId);
    expect(await cachedLevel(t, userId)).toBe(1);
    const invalidated = t.invalidated(t.userKeys(userId).row);
    await sql.query('UPDATE t_user_auth_info SET user_level = 7 WHERE user_id = ?', [userId]);
    await invalidated;
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(0);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 7 });
  });

  it('an INSERT deletes the cached absence', async () => {
    const userId = `cdc-insert-${process.pid}`;
    expect(await t.users.findByUserId(userId)).toBeNull();
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(1); // the negative marker
    const invalidated = t.invalidated(t.userKeys(userId).row);
    await sql.query('INSERT INTO t_user_auth_info (user_id, user_level) VALUES (?, 3)', [userId]);
    await invalidated;
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 3 });
  });

  it('a DELETE deletes the cached row', async () => {
    const userId = await settledUser(t);
    await t.users.findByUserId(userId);
    const invalidated = t.invalidated(t.userKeys(userId).row);
    await sql.query('DELETE FROM t_user_auth_info WHERE user_id = ?', [userId]);
    await invalidated;
    expect(await t.users.findByUserId(userId)).toBeNull();
  });

  it('an UPDATE of the key deletes the rows of both the old and the new key', async () => {
    const userId = await settledUser(t);
    const renamed = `${userId}-renamed`;
    await t.users.findByUserId(userId);
    await t.users.findByUserId(renamed); // cached absence
    const both = new Set<string>();
    const done = new Promise<void>((resolve) =>
      t.probe.install({
        afterCdcInvalidation: (key) => {
          both.add(key);
          if (both.has(t.userKeys(userId).row) && both.has(t.userKeys(renamed).row)) resolve();
        },
      }),
    );
    await sql.query('UPDATE t_user_auth_info SET user_id = ? WHERE user_id = ?', [renamed, userId]);
    await done;
    expect(await t.users.findByUserId(userId)).toBeNull();
    expect(await t.users.findByUserId(renamed)).toMatchObject({ userLevel: 1 });
  });

  it('a multi-row transaction of several tables invalidates each cached row', async () => {
    const goodsId = 900_000 + (process.pid % 1000);
    await t.inventory.insert({ goodsId, number: 5 });
    const userId = await settledUser(t);
    await t.inventory.findByGoodsId(goodsId);
    await t.users.findByUserId(userId);
    const seen = new Set<string>();
    const done = new Promise<void>((resolve) =>
      t.probe.install({
        afterCdcInvalidation: (key) => {
          seen.add(key);
          if (seen.has(t.userKeys(userId).row) && seen.has(t.goodsKeys(goodsId).row)) resolve();
        },
      }),
    );
    await sql.beginTransaction();
    await sql.query('UPDATE t_inventory SET number = 4, version = version + 1 WHERE goods_id = ?', [
      goodsId,
    ]);
    await sql.query('UPDATE t_user_auth_info SET user_level = 9 WHERE user_id = ?', [userId]);
    await sql.commit();
    await done;
    expect(await t.inventory.findByGoodsId(goodsId)).toMatchObject({ number: 4 });
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 9 });
  });

  describe('the stale set against an outside write, forced with the probes', () => {
    async function staleSet(app: CdcTestApp, outside: Connection) {
      const userId = await settledUser(app);
      const keys = app.userKeys(userId);
      const fill = new Gate();
      app.probe.install({ beforeFill: holdOnce(fill, keys.row) });
      const read = app.users.findByUserId(userId);
      await fill.reached; // the reader loaded level 1 and is about to fill
      const invalidated = new Promise<void>((resolve) =>
        app.probe.install({
          beforeFill: holdOnce(fill, keys.row),
          afterCdcInvalidation: (key) => (key === keys.row ? resolve() : undefined),
        }),
      );
      await outside.query('UPDATE t_user_auth_info SET user_level = 2 WHERE user_id = ?', [userId]);
      await invalidated; // the outside write committed and its binlog event was handled
      fill.open();
      expect(await read).toMatchObject({ userLevel: 1 }); // concurrent with the write: fine
      return cacheStaleness(app, userId);
    }

    it('lease: the fill is refused (the stream voided the lease)', async () => {
      expect(await staleSet(t, sql)).toBe('consistent');
    });

    it('naive: the old row stays cached (CDC cannot close the race without a lease)', async () => {
      expect(await staleSet(naive, naiveSql)).toBe('stale');
    });
  });

  it('a killed binlog connection reconnects and loses no event', async () => {
    const reconnects = await t.counter('cache_cdc_reconnects_total', {});
    const userId = await settledUser(t);
    await t.users.findByUserId(userId);
    const invalidated = t.invalidated(t.userKeys(userId).row);
    const threadId = t.stream.threadId!;
    await sql.query(`KILL ${threadId}`);
    // Written at once, most likely before the stream is back: it resumes where it was.
    await sql.query('UPDATE t_user_auth_info SET user_level = 5 WHERE user_id = ?', [userId]);
    await invalidated;
    expect(t.stream.threadId).not.toBe(threadId);
    expect(await t.counter('cache_cdc_reconnects_total', {})).toBe(reconnects + 1);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 5 });
  });

  it('counts the row events per entity and the lag', async () => {
    const userId = await settledUser(t);
    const before = await t.counter('cache_cdc_events_total', { entity: 'UserAuthInfo' });
    const invalidated = t.invalidated(t.userKeys(userId).row);
    await sql.query('UPDATE t_user_auth_info SET user_level = 4 WHERE user_id = ?', [userId]);
    await invalidated;
    expect(await t.counter('cache_cdc_events_total', { entity: 'UserAuthInfo' })).toBe(before + 1);
    const lag = await t.app
      .get<Registry>(METRICS_REGISTRY)
      .getSingleMetric('cache_cdc_lag_seconds')!
      .get();
    const count = lag.values.find(
      (value) => (value as { metricName?: string }).metricName === 'cache_cdc_lag_seconds_count',
    );
    expect(count?.value).toBeGreaterThan(0);
  });
});
