import request from 'supertest';
import { RedisServer } from '../../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('GET /health includes the lock quorum', () => {
  let servers: RedisServer[];
  let t: TestApp;
  beforeAll(async () => {
    servers = await Promise.all([1, 2, 3].map(() => RedisServer.start()));
    t = await createTestApp({ LOCK_REDIS_URLS: servers.map((server) => server.url).join(',') });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await Promise.all(servers.map((server) => server.stop()));
  });

  it('is up while a quorum of lock nodes answers, and 503 with the lock down below it', async () => {
    const http = request(t.app.getHttpServer());
    const all = await http.get('/health').expect(200);
    expect(all.body).toMatchObject({
      status: 'ok',
      info: {
        mysql: { status: 'up' },
        redis: { status: 'up' },
        lock: { status: 'up', nodes: 3, quorum: 2, reachable: 3 },
      },
    });
    await servers[0].kill();
    const degraded = await http.get('/health').expect(200);
    expect(degraded.body.info.lock).toEqual({ status: 'up', nodes: 3, quorum: 2, reachable: 2 });
    await servers[1].kill();
    const down = await http.get('/health').expect(503);
    expect(down.body).toMatchObject({
      status: 'error',
      info: { redis: { status: 'up' } },
      error: { lock: { status: 'down', nodes: 3, quorum: 2, reachable: 1 } },
    });
  });
});
