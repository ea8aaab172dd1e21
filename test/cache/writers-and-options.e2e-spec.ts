import { performance } from 'node:perf_hooks';
import request from 'supertest';
import { CacheWriteTimeoutError } from '../../src/cache/cache.errors.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { countRoundTrips } from './support/count-round-trips.js';
import { Gate, holdOnce } from './support/gate.js';
import { freshUser } from './support/staleness.js';

describe('lease: writers of one row', () => {
  let t: CacheTestApp;
  beforeAll(async () => {
    t = await createCacheTestApp();
  });
  afterEach(() => t.probe.install({}));
  afterAll(() => t.close());

  it('serialize on the row lock: the second waits for the first, then applies', async () => {
    const userId = await freshUser(t);
    const commit = new Gate();
    t.probe.install({ beforeCommit: holdOnce(commit, t.userKeys(userId).row) });
    const first = t.users.update(userId, { userLevel: 2 });
    await commit.reached;
    const second = t.users.update(userId, { nickname: 'second' });
    commit.open();
    expect(await first).toMatchObject({ userLevel: 2, version: 2 });
    expect(await second).toMatchObject({ userLevel: 2, nickname: 'second', version: 3 });
  });

  it('give up after writeWaitMs with a 503 and Retry-After, without touching MySQL', async () => {
    const userId = await freshUser(t);
    const commit = new Gate();
    t.probe.install({ beforeCommit: holdOnce(commit, t.userKeys(userId).row) });
    t.options.writeWaitMs = 40;
    try {
      const first = t.users.update(userId, { userLevel: 2 });
      await commit.reached;
      await expect(t.users.update(userId, { userLevel: 3 })).rejects.toBeInstanceOf(
        CacheWriteTimeoutError,
      );
      const response = await request(t.app.getHttpServer())
        .put(`/users/${userId}`)
        .send({ userLevel: 4 })
        .expect(503);
      expect(response.headers['retry-after']).toBe('1');
      expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
      commit.open();
      await first;
      expect(await t.mysqlLevel(userId)).toBe(2);
    } finally {
      t.options.writeWaitMs = 5000;
    }
  });
});

describe('strategy none and the debug fill delay', () => {
  it('none: every read is a MySQL load and Redis is never used', async () => {
    const t = await createCacheTestApp({ CACHE_STRATEGY: 'none' });
    try {
      await t.users.insert({ userId: 'plain', userLevel: 1, nickname: null });
      const trips = countRoundTrips(t.redis);
      await t.users.findByUserId('plain');
      await t.users.findByUserId('plain');
      await t.users.update('plain', { userLevel: 2 });
      expect(trips.take()).toBe(0);
      trips.restore();
      expect(await t.counter('db_loads_total', { entity: 'UserAuthInfo' })).toBe(2);
      expect(await t.users.findByUserId('plain')).toMatchObject({ userLevel: 2 });
    } finally {
      await t.close();
    }
  });

  it('CACHE_DEBUG_FILL_DELAY_MS pauses between the load and the fill', async () => {
    const t = await createCacheTestApp({ CACHE_DEBUG_FILL_DELAY_MS: '150' });
    try {
      expect(t.options.debugFillDelayMs).toBe(150);
      await t.users.insert({ userId: 'slow-fill', userLevel: 1, nickname: null });
      const started = performance.now();
      await t.users.findByUserId('slow-fill');
      expect(performance.now() - started).toBeGreaterThanOrEqual(145);
      expect(await t.redis.exists(t.userKeys('slow-fill').row)).toBe(1);
    } finally {
      await t.close();
    }
  });
});
