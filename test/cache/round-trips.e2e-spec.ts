import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { countRoundTrips } from './support/count-round-trips.js';

describe('lease: Redis round trips per operation', () => {
  let t: CacheTestApp;
  let trips: ReturnType<typeof countRoundTrips>;
  beforeAll(async () => {
    t = await createCacheTestApp();
    // Load every script once (the first EVALSHA of a script may be answered NOSCRIPT).
    await t.users.insert({ userId: 'warm', userLevel: 1, nickname: null });
    await t.users.findByUserId('warm');
    await t.users.update('warm', { userLevel: 2 });
    trips = countRoundTrips(t.redis);
  });
  afterAll(async () => {
    trips.restore();
    await t.close();
  });

  it('hit 1, miss 3, write 2', async () => {
    await t.users.insert({ userId: 'rt', userLevel: 1, nickname: null });
    expect(trips.take()).toBe(2); // an insert is a write: write-begin, write-end

    await t.users.findByUserId('rt');
    expect(trips.take()).toBe(3); // GET, lease-acquire, fill

    await t.users.findByUserId('rt');
    expect(trips.take()).toBe(1); // GET

    await t.users.findByUserId('rt', { userLevel: 7 });
    expect(trips.take()).toBe(1); // a post-filtered hit too

    await t.users.update('rt', { userLevel: 3 });
    expect(trips.take()).toBe(2); // write-begin, write-end

    await t.users.findByUserId('nobody-rt');
    await t.users.findByUserId('nobody-rt');
    expect(trips.take()).toBe(3 + 1); // negative miss, then negative hit
  });
});
