import type { Connection } from 'mysql2/promise';
import request from 'supertest';
import { MariadbServer } from '../../../support/mariadb-server.js';
import { createCdcInstance, createCdcTestApp, type CdcTestApp } from './cdc-test-app.js';

const POSITION_KEY = 'cdc:{binlog}:position';

/**
 * The saved binlog position (docs/consistency.md, "Position"): a restart resumes from it, so a
 * write made while no app ran still reaches the cache; a replay is harmless; a position the
 * server purged invalidates every cached row instead. Each app here is closed without dropping
 * the database, and the next one starts on the same database and keys.
 */
describe('binlog CDC: the saved position', () => {
  let server: MariadbServer;
  let sql: Connection;
  let app: CdcTestApp | undefined;
  let users = 0;

  beforeAll(async () => {
    server = await MariadbServer.start();
    app = await createCdcTestApp(server);
    sql = await server.connect(app.config.mysql.database);
  });
  afterAll(async () => {
    await sql?.end();
    await app?.close();
    await server?.stop();
  });

  /** Closes the running app as a shutdown would (its position saved), keeping data and keys. */
  async function stopApp(): Promise<CdcTestApp> {
    const stopped = app!;
    app = undefined;
    await stopped.app.close();
    return stopped;
  }

  /** A user, cached, whose insert the stream has already handled. */
  async function cachedUser(t: CdcTestApp): Promise<string> {
    const userId = `pos-${process.pid}-${++users}`;
    await t.insertSettled(userId);
    await t.users.findByUserId(userId);
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(1);
    return userId;
  }

  /** Resolves once the stream of `t` has handled everything written before this call. */
  async function caughtUp(t: CdcTestApp): Promise<void> {
    const marker = `marker-${process.pid}-${++users}`;
    const handled = t.invalidated(t.userKeys(marker).row);
    await sql.query('INSERT INTO t_user_auth_info (user_id, user_level) VALUES (?, 0)', [marker]);
    await handled;
    t.probe.install({});
  }

  /**
   * Rotates the binlog and purges every older file. MariaDB keeps a file that a dump thread still
   * reads (it notices a closed client only when it next writes) or that its last binlog checkpoint
   * needs (written once InnoDB has flushed, after the rotation): the stopped app's dump threads are
   * ended, and the purge is repeated until the server has let the files go.
   */
  async function purgeAllButNewest(): Promise<void> {
    const [dumps] = await sql.query(
      "SELECT id FROM information_schema.processlist WHERE command LIKE 'Binlog Dump%'",
    );
    for (const { id } of dumps as { id: number }[]) await sql.query(`KILL ${Number(id)}`);
    await sql.query('FLUSH BINARY LOGS');
    const names = async () =>
      ((await sql.query('SHOW BINARY LOGS'))[0] as { Log_name: string }[]).map((l) => l.Log_name);
    const newest = (await names()).at(-1)!;
    for (let attempt = 0; attempt < 100; attempt++) {
      await sql.query(`PURGE BINARY LOGS TO '${newest}'`);
      if ((await names()).length === 1) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await names()).toEqual([newest]);
  }

  const cached = (t: CdcTestApp, userId: string) => t.redis.exists(t.userKeys(userId).row);

  it('a restart resumes from the saved position: a write made while down is not lost', async () => {
    const written = await cachedUser(app!);
    const untouched = await cachedUser(app!);
    const first = await stopApp();
    await sql.query('UPDATE t_user_auth_info SET user_level = 8 WHERE user_id = ?', [written]);
    app = await createCdcInstance(server, first);
    await caughtUp(app);
    expect(await cached(app, written)).toBe(0);
    expect(await cached(app, untouched)).toBe(1); // resumed: no full invalidation
    expect(await app.users.findByUserId(written)).toMatchObject({ userLevel: 8 });
  });

  it('a replay of events already handled is harmless', async () => {
    const replayFrom = await app!.redis.get(POSITION_KEY);
    const userId = await cachedUser(app!);
    await sql.query('UPDATE t_user_auth_info SET user_level = 3 WHERE user_id = ?', [userId]);
    await caughtUp(app!);
    expect(await app!.users.findByUserId(userId)).toMatchObject({ userLevel: 3 }); // cached again
    const first = await stopApp();
    const redis = first.redis.duplicate({ lazyConnect: true, enableOfflineQueue: true });
    await redis.connect();
    await redis.set(POSITION_KEY, replayFrom!); // as if the last saves were lost
    await redis.quit();
    app = await createCdcInstance(server, first);
    await caughtUp(app);
    // The insert and the update replayed: the row was deleted again, and reads agree with MySQL.
    expect(await cached(app, userId)).toBe(0);
    expect(await app.users.findByUserId(userId)).toMatchObject({ userLevel: 3 });
    expect(await app.users.findByUserId(userId)).toMatchObject({ userLevel: 3 });
  });

  it('/health reports the stream', async () => {
    const response = await request(app!.app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({ info: { cdc: { status: 'up' } } });
  });

  it('a purged saved position invalidates every cached row, then streams from the end', async () => {
    const written = await cachedUser(app!);
    const untouched = await cachedUser(app!);
    const first = await stopApp();
    await sql.query('UPDATE t_user_auth_info SET user_level = 6 WHERE user_id = ?', [written]);
    await purgeAllButNewest();
    app = await createCdcInstance(server, first);
    expect(await cached(app, written)).toBe(0);
    expect(await cached(app, untouched)).toBe(0); // every row: the missed events are unknown
    expect(await app.users.findByUserId(written)).toMatchObject({ userLevel: 6 });
    const later = await cachedUser(app);
    const handled = app.invalidated(app.userKeys(later).row);
    await sql.query('UPDATE t_user_auth_info SET user_level = 2 WHERE user_id = ?', [later]);
    await handled;
    expect(await cached(app, later)).toBe(0);
  });
});
