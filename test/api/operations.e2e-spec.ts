import request from 'supertest';
import { DataSource } from 'typeorm';
import { RedisServer } from '../../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('operations endpoints', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
  });
  afterAll(() => t.close());

  it('GET /health answers 200 with mysql and redis up', async () => {
    const response = await http.get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { mysql: { status: 'up' }, redis: { status: 'up' } },
    });
  });

  it('GET /metrics answers Prometheus text with Node default metrics', async () => {
    const response = await http.get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/^# HELP process_cpu_user_seconds_total/m);
    expect(response.text).toMatch(/^nodejs_heap_size_used_bytes \d+/m);
  });

  it('GET /docs serves Swagger UI and the OpenAPI document lists every route', async () => {
    const page = await http.get('/docs').expect(200);
    expect(page.text).toMatch(/swagger-ui/i);
    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui.css', 'swagger-ui-init.js']) {
      await http.get(`/docs/${asset}`).expect(200);
    }
    const document = await http.get('/docs-json').expect(200);
    expect(Object.keys(document.body.paths as object).sort()).toEqual([
      '/health',
      '/inventory',
      '/inventory/sell',
      '/inventory/{goodsId}',
      '/metrics',
      '/users',
      '/users/{userId}',
    ]);
  });
});

describe('GET /health when a dependency is down', () => {
  let redis: RedisServer;
  let t: TestApp;

  beforeAll(async () => {
    redis = await RedisServer.start();
    t = await createTestApp({ REDIS_URL: redis.url, LOCK_REDIS_URLS: redis.url });
  });
  afterAll(async () => {
    await t.close();
    await redis.stop();
  });

  it('answers 503 with redis down, then 200 once it is back', async () => {
    const http = request(t.app.getHttpServer());
    await http.get('/health').expect(200);
    await redis.kill();
    const down = await http.get('/health').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      info: { mysql: { status: 'up' } },
      error: { redis: { status: 'down' } },
    });
    await redis.restart();
    await waitFor(async () => (await http.get('/health')).status === 200);
  });

  it('answers 503 with redis and the lock down while Redis is stalled (DEBUG SLEEP), before the stall ends', async () => {
    const http = request(t.app.getHttpServer());
    await http.get('/health').expect(200);
    let stalled = true;
    const pause = redis.pause(5000).finally(() => (stalled = false));
    // Until a command of the app's own client times out: the DEBUG SLEEP has begun.
    while (
      await t.redis.ping().then(
        () => true,
        () => false,
      )
    );
    const down = await http.get('/health').expect(503);
    expect(stalled).toBe(true); // answered while Redis was still asleep
    expect(down.body).toMatchObject({
      status: 'error',
      info: { mysql: { status: 'up' } },
      error: {
        redis: { status: 'down', message: expect.stringMatching(/timed out/i) },
        lock: { status: 'down', reachable: 0 },
      },
    });
    await pause;
    await waitFor(async () => (await http.get('/health')).status === 200);
  });

  it('answers 503 with mysql down', async () => {
    const http = request(t.app.getHttpServer());
    const dataSource = t.app.get(DataSource);
    await dataSource.destroy();
    const down = await http.get('/health').expect(503);
    expect(down.body).toMatchObject({ error: { mysql: { status: 'down' } } });
  });
});

async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
