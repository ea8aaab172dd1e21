import type { Connection } from 'mysql2/promise';
import request from 'supertest';
import { connectMysql } from '../../support/mysql-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * MYSQL_QUERY_TIMEOUT_MS against a stalled MySQL: another session holds `LOCK TABLES … WRITE`
 * on the app's tables (MariaDB's own `lock_wait_timeout` would keep a request waiting for a
 * day). Every answer below arrives while the tables are still locked: without the bound the
 * requests would wait until the unlock, which only comes after them.
 */
describe('MySQL bounds (MYSQL_QUERY_TIMEOUT_MS)', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  let locker: Connection;

  beforeAll(async () => {
    // Two connections: each of them is stopped at the bound at least once, then reused.
    t = await createTestApp({ MYSQL_QUERY_TIMEOUT_MS: '300', MYSQL_POOL_SIZE: '2' });
    http = request(t.app.getHttpServer());
    locker = await connectMysql(t.config.mysql, t.config.mysql.database);
  });
  afterAll(async () => {
    await locker.end();
    await t.close();
  });

  const lockTables = () =>
    locker.query('LOCK TABLES t_user_auth_info WRITE, t_inventory WRITE, t_sell_record WRITE');
  const unlockTables = () => locker.query('UNLOCK TABLES');
  const expectBusy = (response: request.Response) => {
    expect(response.status).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toEqual({
      statusCode: 503,
      message: expect.stringMatching(/^MySQL is busy/),
      error: 'Service Unavailable',
    });
  };

  it('reads and writes answer 503 with Retry-After while the tables are locked, nothing is applied, and the app works after the unlock', async () => {
    await http.post('/users').send({ userId: 'bound-1', userLevel: 1 }).expect(201);
    await http.post('/inventory').send({ goodsId: 1, number: 5 }).expect(201);

    await lockTables();
    try {
      const answers = await Promise.all([
        http.get('/users/bound-1'), // a miss: the create evicted the row
        http.get('/inventory/1'),
        http.put('/users/bound-1').send({ userLevel: 2 }),
        http.delete('/users/bound-1'),
        http.post('/users').send({ userId: 'bound-2', userLevel: 1 }),
        http.post('/inventory/sell').send({ goodsInfo: [{ goodsId: 1, num: 1 }] }),
        http.put('/inventory/1').send({ number: 9 }),
      ]);
      answers.forEach(expectBusy);
    } finally {
      await unlockTables();
    }

    // Nothing applied, and each pooled connection that was stopped works again.
    const [users] = await locker.query<import('mysql2').RowDataPacket[]>(
      'SELECT user_id, user_level, version FROM t_user_auth_info ORDER BY user_id',
    );
    expect(users).toEqual([{ user_id: 'bound-1', user_level: 1, version: 1 }]);
    const [stock] = await locker.query<import('mysql2').RowDataPacket[]>(
      'SELECT number, version, (SELECT COUNT(*) FROM t_sell_record) AS sold FROM t_inventory',
    );
    expect(stock).toEqual([{ number: 5, version: 1, sold: 0 }]);

    for (let round = 0; round < 3; round++) {
      expect((await http.get('/users/bound-1').expect(200)).body).toMatchObject({ userLevel: 1 });
    }
    await http.put('/users/bound-1').send({ userLevel: 3 }).expect(200);
    expect((await http.get('/users/bound-1').expect(200)).body).toMatchObject({ userLevel: 3 });
    await http
      .post('/inventory/sell')
      .send({ goodsInfo: [{ goodsId: 1, num: 2 }] })
      .expect(201);
    expect((await http.get('/inventory/1').expect(200)).body).toMatchObject({ number: 3 });
    await http.get('/health').expect(200);
  });

  it('a read stopped at the bound gives its lease back: the next reader loads at once', async () => {
    await http.post('/users').send({ userId: 'lease-back', userLevel: 1 }).expect(201);
    await lockTables();
    try {
      expectBusy(await http.get('/users/lease-back'));
      expect(await t.redis.exists('SYSTEM_Person:{lease-back}:lease')).toBe(0);
    } finally {
      await unlockTables();
    }
    expect((await http.get('/users/lease-back').expect(200)).body).toMatchObject({ userLevel: 1 });
    expect(await t.redis.exists('SYSTEM_Person:{lease-back}')).toBe(1); // filled
  });

  it('a write waiting for a row lock held by another transaction answers 503 and leaves the row as it was', async () => {
    await http.post('/users').send({ userId: 'row-held', userLevel: 1 }).expect(201);
    await locker.query('BEGIN');
    try {
      await locker.query("SELECT * FROM t_user_auth_info WHERE user_id = 'row-held' FOR UPDATE");
      expectBusy(await http.put('/users/row-held').send({ userLevel: 2 }));
    } finally {
      await locker.query('COMMIT');
    }
    expect((await http.get('/users/row-held').expect(200)).body).toMatchObject({
      userLevel: 1,
      version: 1,
    });
    await http.put('/users/row-held').send({ userLevel: 4 }).expect(200);
    expect((await http.get('/users/row-held').expect(200)).body).toMatchObject({ userLevel: 4 });
  });
});
