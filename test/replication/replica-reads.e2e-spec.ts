import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { MariadbReplication } from '../../support/mariadb-replication.js';
import { Gate, holdOnce } from '../cache/support/gate.js';
import { createCacheTestApp, type CacheTestApp } from '../cache/support/cache-test-app.js';

/**
 * The app on a primary and a replica of the test's own, with the replica's SQL thread stopped:
 * the replica lags behind every write made meanwhile. TypeORM sends plain reads outside a
 * transaction to the replica; the cache's loads, bypasses and writes must read the primary
 * (docs/consistency.md, "Read replicas").
 */
describe('read replicas: a cached read never loads a lagging replica', () => {
  let pair: MariadbReplication;
  let t: CacheTestApp;
  let serial = 0;

  beforeAll(async () => {
    pair = await MariadbReplication.start();
    t = await createCacheTestApp({
      MYSQL_HOST: pair.primary.host,
      MYSQL_PORT: String(pair.primary.port),
      MYSQL_REPLICA_HOSTS: pair.replicaHosts,
    });
    await pair.caughtUp(); // the database and its tables exist on the replica too
  }, 120_000);

  afterAll(async () => {
    await t?.close();
    await pair?.stop();
  });

  /** The replica's version of the row (null: none), read straight from the replica. */
  async function replicaVersion(userId: string): Promise<number | null> {
    return pair.onReplica(async (connection) => {
      const [rows] = await connection.query(
        `SELECT version FROM \`${t.config.mysql.database}\`.t_user_auth_info WHERE user_id = ?`,
        [userId],
      );
      const found = rows as { version: number }[];
      return found.length ? found[0].version : null;
    });
  }

  /**
   * A user at version 1 on both servers, then updated to version 2 on the primary while the
   * replica applies nothing: the replica keeps version 1 (checked), and the cache is empty.
   */
  async function userTheReplicaLagsOn(): Promise<string> {
    const userId = `lag-${++serial}`;
    await t.users.insert({ userId, userLevel: 1, nickname: null });
    await pair.caughtUp();
    await pair.pauseApplying();
    await t.users.update(userId, { userLevel: 2 });
    expect(await replicaVersion(userId)).toBe(1);
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(0);
    return userId;
  }

  async function cachedVersion(userId: string): Promise<number | undefined> {
    const text = await t.redis.get(t.userKeys(userId).row);
    return text === null ? undefined : (JSON.parse(text) as { version: number }).version;
  }

  afterEach(async () => {
    t.probe.install({});
    await pair.resumeApplying();
    await pair.caughtUp();
  });

  it('TypeORM reads outside a transaction from the replica (the setup really lags)', async () => {
    const userId = await userTheReplicaLagsOn();
    const plain = await t.dataSource.getRepository(UserAuthInfo).findOneBy({ userId });
    expect(plain).toMatchObject({ version: 1 });
  });

  it('a miss loads the primary and fills its row, not the replica’s older one', async () => {
    const userId = await userTheReplicaLagsOn();
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 2, userLevel: 2 });
    expect(await cachedVersion(userId)).toBe(2);
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 2 }); // the hit
  });

  it('a batch read’s misses load the primary too', async () => {
    const userId = await userTheReplicaLagsOn();
    expect(await t.repository.findByUserIds([userId])).toMatchObject([{ version: 2 }]);
    expect(await cachedVersion(userId)).toBe(2);
  });

  it('a read that bypasses the cache while a writer is in progress reads the primary', async () => {
    const userId = await userTheReplicaLagsOn();
    const keys = t.userKeys(userId);
    const committed = new Gate();
    t.probe.install({ afterCommit: holdOnce(committed, keys.row) });
    const writer = t.users.update(userId, { userLevel: 3 });
    await committed.reached; // version 3 committed on the primary, its write-end not run yet
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 3 });
    expect(await t.redis.exists(keys.row)).toBe(0); // a bypass: nothing filled
    committed.open();
    await writer;
    expect(await replicaVersion(userId)).toBe(1);
  });

  it('reads inside a transaction go to the primary (TypeORM’s own rule)', async () => {
    const userId = await userTheReplicaLagsOn();
    const inside = await t.dataSource.transaction((manager) =>
      manager.findOneBy(UserAuthInfo, { userId }),
    );
    expect(inside).toMatchObject({ version: 2 });
  });
});
