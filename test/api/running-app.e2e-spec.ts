import { createConnection } from 'mysql2/promise';
import { startApp, type RunningApp } from '../../support/spawn-app.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { dropDatabase, testConfig } from '../support/test-env.js';

/** The real entry point (`src/main.ts`) in a process of its own, on a free port. */
describe('the running app', () => {
  const config = testConfig();
  let app: RunningApp;

  beforeAll(async () => {
    app = await startApp({
      PORT: '0',
      MYSQL_DATABASE: config.mysql.database,
      REDIS_KEY_PREFIX: config.redis.keyPrefix,
      MYSQL_POOL_SIZE: '4',
      LOG_LEVEL: 'log',
    });
  }, 60_000);
  afterAll(async () => {
    if (app) await app.stop();
    await deleteKeysWithPrefix(config.redis.url, config.redis.keyPrefix);
    await dropDatabase(config);
  });

  it('logs the address it is bound to: every interface, not [::1]', async () => {
    expect(app.listeningLine).toMatch(
      /listening on http:\/\/(\[::\]|0\.0\.0\.0):\d+ \(all interfaces\) \(cache strategy lease\)/,
    );
    expect(app.listeningLine).not.toMatch(/\[::1\]|localhost/);
    // Reachable over IPv4 loopback although the log shows the wildcard address.
    expect((await fetch(`${app.url}/health`)).status).toBe(200);
  });

  it.each([
    ['a 200', '/health', 200],
    ['a 404', '/nowhere', 404],
    ['a 400', '/users/bad%2Fid', 400],
  ])('sends security headers and no X-Powered-By on %s', async (_case, path, status) => {
    const response = await fetch(`${app.url}${path}`);
    await response.arrayBuffer();
    expect(response.status).toBe(status);
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(response.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('logs a 500 with its request id and the error, without the values or the SQL', async () => {
    const secret = 'secret-nick-4821';
    const post = (body: object) =>
      fetch(`${app.url}/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post({ userId: 'first', userLevel: 1, nickname: secret })).status).toBe(201);
    expect((await post({ userId: 'second', userLevel: 1, nickname: 'other' })).status).toBe(201);
    // A unique index the app does not know about turns the next update into a MySQL error
    // (ER_DUP_ENTRY, whose message quotes the value) that no filter maps.
    const mysql = await createConnection({
      host: config.mysql.host,
      port: config.mysql.port,
      user: config.mysql.user,
      password: config.mysql.password,
      database: config.mysql.database,
    });
    try {
      await mysql.query('ALTER TABLE t_user_auth_info ADD UNIQUE INDEX uq_nickname (nickname)');
    } finally {
      await mysql.end();
    }
    const response = await fetch(`${app.url}/users/second`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ nickname: secret }),
    });
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      statusCode: 500,
      message: 'Internal server error',
      error: 'Internal Server Error',
    });
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-z]+$/);

    const { stdout, stderr } = await app.stop();
    const log = stdout + stderr;
    const line = log.split('\n').find((text) => text.includes(requestId!));
    expect(line).toBeDefined();
    expect(line).toMatch(/PUT \/users\/:userId failed/);
    expect(line).toMatch(/ER_DUP_ENTRY/);
    expect(log).not.toContain(secret);
    expect(log).not.toMatch(/UPDATE `t_user_auth_info`/);
  });
});
