import { performance } from 'node:perf_hooks';
import { createCacheTestApp } from './support/cache-test-app.js';
import { countRoundTrips } from './support/count-round-trips.js';

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
