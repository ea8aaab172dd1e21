import { createConnection, type Connection } from 'mysql2/promise';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * Shutdown must let in-flight requests finish before the MySQL and Redis connections close. A
 * request is held in flight deterministically: another connection holds the row's lock, so the
 * PUT waits inside MySQL until the test releases it.
 */
describe('graceful shutdown', () => {
  let t: TestApp;
  let blocker: Connection;

  beforeAll(async () => {
    t = await createTestApp();
    blocker = await createConnection({
      host: t.config.mysql.host,
      port: t.config.mysql.port,
      user: t.config.mysql.user,
      password: t.config.mysql.password,
      database: t.config.mysql.database,
    });
  });
  afterAll(async () => {
    await blocker.end();
    await t.close();
  });

  it('finishes a request that is in flight when the app closes', async () => {
    const server = t.app.getHttpServer();
    await request(server).post('/inventory').send({ goodsId: 1, number: 5 }).expect(201);

    await blocker.beginTransaction();
    await blocker.query('SELECT * FROM t_inventory WHERE goods_id = 1 FOR UPDATE');
    const inFlight = request(server)
      .put('/inventory/1')
      .send({ number: 9 })
      .then((r) => r);
    await waitForLockWait(blocker);

    let closed = false;
    const closing = t.app.close().then(() => (closed = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(closed).toBe(false);

    await blocker.commit();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ goodsId: 1, number: 9, version: 2 });
    await closing;
    expect(closed).toBe(true);
  });
});

/** Polls MySQL until the PUT's UPDATE is running (it then waits for the row lock). */
async function waitForLockWait(connection: Connection): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const [rows] = await connection.query(
      "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE INFO LIKE 'UPDATE `t_inventory`%' AND DB = DATABASE()",
    );
    if (Number((rows as { n: number }[])[0].n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('the request never reached MySQL');
}
