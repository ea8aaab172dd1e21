import type { Connection } from 'mysql2/promise';
import { MariadbServer } from '../../../support/mariadb-server.js';
import { ArrivalLog, Gate, holdOnce, Signal } from '../support/gate.js';
import { createCdcTestApp, outsideWriter, type CdcTestApp } from './cdc-test-app.js';

const ENTITY = { entity: 'UserAuthInfo' };

/**
 * `CACHE_CDC=binlog` with `lease`: the binlog events of the app's own writes are not
 * invalidated a second time once the write's own write-end was final, and only then
 * (docs/consistency.md, "The app's own writes"). The interleavings are forced with the probes.
 */
describe("binlog CDC: the app's own writes", () => {
  let server: MariadbServer;
  let t: CdcTestApp;
  let sql: Connection;
  let users = 0;

  beforeAll(async () => {
    server = await MariadbServer.start();
    t = await createCdcTestApp(server);
    sql = await outsideWriter(server, t);
  });
  afterEach(() => t.probe.install({}));
  afterAll(async () => {
    await sql?.end();
    await t?.close();
    await server?.stop();
  });

  async function settledUser(): Promise<string> {
    const userId = `own-${process.pid}-${++users}`;
    await t.insertSettled(userId);
    return userId;
  }

  const skipped = () => t.counter('cache_cdc_skipped_total', ENTITY);
  const events = () => t.counter('cache_cdc_events_total', ENTITY);

  /**
   * Updates the user's level through the app and holds the write after its COMMIT, before its
   * write-end, until its binlog event has arrived and waits for it; `finish` lets it end.
   */
  async function heldBeforeWriteEnd(
    userId: string,
    userLevel: number,
    afterCdcInvalidation: (rowKey: string) => void,
  ): Promise<{ finish(): Promise<unknown> }> {
    const row = t.userKeys(userId).row;
    const ending = new Gate();
    const waits = new Signal();
    t.probe.install({
      afterCommit: holdOnce(ending, row),
      cdcAwaitsOwnWrite: waits.at(row),
      afterCdcInvalidation,
    });
    const update = t.users.update(userId, { userLevel });
    await ending.reached; // committed; its write-end not yet run
    await waits.reached; // its binlog event arrived and waits
    return {
      finish: () => {
        ending.open();
        return update;
      },
    };
  }

  it('skips the events of a write whose write-end was final, and counts them', async () => {
    const userId = await settledUser();
    const [skippedBefore, eventsBefore] = [await skipped(), await events()];
    const handled = t.invalidated(t.userKeys(userId).row);
    await t.users.update(userId, { userLevel: 3 });
    await handled;
    expect(await skipped()).toBe(skippedBefore + 1);
    expect(await events()).toBe(eventsBefore + 1);
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 3 });
  });

  it('an event that arrives before its write-end is done waits for it, then is skipped', async () => {
    const userId = await settledUser();
    const before = await skipped();
    const handled = new Signal();
    const write = await heldBeforeWriteEnd(userId, 4, handled.at(t.userKeys(userId).row));
    await write.finish();
    await handled.reached;
    expect(await skipped()).toBe(before + 1);
  });

  it('a write-end that did not run leaves the event to the stream', async () => {
    const userId = await settledUser();
    const row = t.userKeys(userId).row;
    const before = await skipped();
    const handled = new Signal();
    let lost = false;
    t.probe.install({
      // The app's write only: the stream's own invalidation passes the same point.
      afterCommit: (key) => {
        if (key !== row || lost) return;
        lost = true;
        throw new Error('write-end lost');
      },
      afterCdcInvalidation: handled.at(row),
    });
    await t.users.update(userId, { userLevel: 5 }); // committed: the failure is only logged
    await handled.reached;
    expect(await skipped()).toBe(before);
    expect(await t.mysqlLevel(userId)).toBe(5);
  });

  it('an outside write of the same row between the commit and the write-end is invalidated', async () => {
    const userId = await settledUser();
    const row = t.userKeys(userId).row;
    const before = await skipped();
    const handled = new ArrivalLog();
    const write = await heldBeforeWriteEnd(userId, 6, handled.hook);
    await sql.query('UPDATE t_user_auth_info SET user_level = 7 WHERE user_id = ?', [userId]);
    await write.finish();
    await handled.arrival(row, 2); // the app's event and the outside one
    expect(await skipped()).toBe(before + 1); // the app's own only
    expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: 7 });
  });
});
