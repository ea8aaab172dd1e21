import { NEGATIVE_MARKER } from '../../src/cache/testing.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';

const USER = { entity: 'UserAuthInfo' };

describe('lease strategy: cached reads and writes', () => {
  let t: CacheTestApp;
  beforeAll(async () => {
    t = await createCacheTestApp();
  });
  afterAll(() => t.close());

  const loads = () => t.counter('db_loads_total', USER);
  const requests = (result: string) => t.counter('cache_requests_total', { ...USER, result });

  it('misses once, then hits with the whole row and a TTL within the jitter bounds', async () => {
    await t.users.insert({ userId: 'hit-1', userLevel: 3, nickname: 'Ann' });
    const before = await loads();
    const first = await t.users.findByUserId('hit-1');
    const second = await t.users.findByUserId('hit-1');
    expect(await loads()).toBe(before + 1);
    expect(second).toBeInstanceOf(UserAuthInfo);
    expect(second).toEqual(first);
    expect(second!.updatedAt).toBeInstanceOf(Date);
    const ttlMs = 10 * 60_000; // cache-config.xml: 10 MINUTES
    const pttl = await t.redis.pttl(t.userKeys('hit-1').row);
    expect(pttl).toBeGreaterThan(ttlMs - 5_000);
    expect(pttl).toBeLessThanOrEqual(ttlMs * (1 + t.options.ttlJitter));
    expect(await t.redis.exists(t.userKeys('hit-1').lease)).toBe(0);
  });

  it('spreads TTLs over [ttl, ttl × (1 + jitter)] (no avalanche)', async () => {
    const pttls: number[] = [];
    for (let i = 0; i < 20; i++) {
      const userId = `jitter-${i}`;
      await t.users.insert({ userId, userLevel: 1, nickname: null });
      await t.users.findByUserId(userId);
      pttls.push(await t.redis.pttl(t.userKeys(userId).row));
    }
    const ttlMs = 10 * 60_000;
    expect(Math.min(...pttls)).toBeGreaterThan(ttlMs - 5_000);
    expect(Math.max(...pttls)).toBeLessThanOrEqual(ttlMs * 1.1);
    expect(new Set(pttls.map((pttl) => Math.round(pttl / 1000))).size).toBeGreaterThan(5);
  });

  it('post-filters extra conditions on a hit: a mismatch is "not found", counted as a hit', async () => {
    await t.users.insert({ userId: 'filter-1', userLevel: 5, nickname: null });
    await t.users.findByUserId('filter-1'); // fill
    const hits = await requests('hit');
    const loadsBefore = await loads();
    expect(await t.users.findByUserId('filter-1', { userLevel: 6 })).toBeNull();
    expect(await t.users.findByUserId('filter-1', { userLevel: 5 })).toMatchObject({
      userId: 'filter-1',
    });
    expect(await requests('hit')).toBe(hits + 2);
    expect(await loads()).toBe(loadsBefore);
  });

  it('caches the whole row on a miss whatever the caller filters on', async () => {
    await t.users.insert({ userId: 'filter-2', userLevel: 7, nickname: null });
    expect(await t.users.findByUserId('filter-2', { userLevel: 1 })).toBeNull();
    const cached = JSON.parse((await t.redis.get(t.userKeys('filter-2').row))!);
    expect(cached).toMatchObject({ userId: 'filter-2', userLevel: 7, version: 1 });
    expect(Object.keys(cached).sort()).toEqual(
      ['id', 'nickname', 'updatedAt', 'userId', 'userLevel', 'version'].sort(),
    );
  });

  it('caches absence with a short TTL and an insert invalidates it', async () => {
    expect(await t.users.findByUserId('ghost')).toBeNull();
    const key = t.userKeys('ghost').row;
    expect(await t.redis.get(key)).toBe(NEGATIVE_MARKER);
    expect(await t.redis.pttl(key)).toBeLessThanOrEqual(t.options.negativeTtlMs);
    const negative = await requests('negative_hit');
    const loadsBefore = await loads();
    expect(await t.users.findByUserId('ghost')).toBeNull();
    expect(await requests('negative_hit')).toBe(negative + 1);
    expect(await loads()).toBe(loadsBefore);

    await t.users.insert({ userId: 'ghost', userLevel: 2, nickname: null });
    expect(await t.users.findByUserId('ghost')).toMatchObject({ userId: 'ghost', userLevel: 2 });
  });

  it('an update invalidates, releases its lock and the next read sees the new version', async () => {
    await t.users.insert({ userId: 'upd-1', userLevel: 1, nickname: null });
    await t.users.findByUserId('upd-1');
    const updated = await t.users.update('upd-1', { userLevel: 9 });
    expect(updated).toMatchObject({ userLevel: 9, version: 2 });
    const keys = t.userKeys('upd-1');
    expect(await t.redis.exists(keys.row, keys.lock, keys.lease)).toBe(0);
    expect(await t.users.findByUserId('upd-1')).toMatchObject({ userLevel: 9, version: 2 });
  });

  it('a delete invalidates and the next read caches absence', async () => {
    await t.users.insert({ userId: 'del-1', userLevel: 1, nickname: null });
    await t.users.findByUserId('del-1');
    expect(await t.users.delete('del-1')).toBe(true);
    expect(await t.users.findByUserId('del-1')).toBeNull();
    expect(await t.redis.get(t.userKeys('del-1').row)).toBe(NEGATIVE_MARKER);
  });

  it('a failed write (rolled back) still invalidates and releases its lock', async () => {
    await t.users.insert({ userId: 'dup-1', userLevel: 1, nickname: null });
    await t.users.findByUserId('dup-1');
    await expect(t.users.insert({ userId: 'dup-1', userLevel: 2, nickname: null })).rejects.toThrow(
      /Duplicate/,
    );
    const keys = t.userKeys('dup-1');
    expect(await t.redis.exists(keys.row, keys.lock)).toBe(0);
    expect(await t.users.findByUserId('dup-1')).toMatchObject({ userLevel: 1 });
  });

  it('keeps keys of awkward userIds apart and inside one hash tag', async () => {
    const ids = ['a:b', 'a', 'b}c', '{x}', '100%', '100%25', 'ünï©ødé', 'a:b:c', 'a%3Ab'];
    for (const [index, userId] of ids.entries()) {
      await t.users.insert({ userId, userLevel: index, nickname: null });
    }
    for (const [index, userId] of ids.entries()) {
      expect(await t.users.findByUserId(userId)).toMatchObject({ userId, userLevel: index });
    }
    for (const [index, userId] of ids.entries()) {
      const cached = await t.redis.get(t.userKeys(userId).row);
      expect(JSON.parse(cached!)).toMatchObject({ userId, userLevel: index });
    }
    await t.users.update('a:b', { userLevel: 500 });
    expect(await t.users.findByUserId('a:b')).toMatchObject({ userLevel: 500 });
    expect(await t.users.findByUserId('a')).toMatchObject({ userLevel: 1 });
  });

  it('counts every load in db_loads_total and every fill in cache_fill_total', async () => {
    const stored = await t.counter('cache_fill_total', { ...USER, outcome: 'stored' });
    await t.users.insert({ userId: 'count-1', userLevel: 1, nickname: null });
    await t.users.findByUserId('count-1');
    expect(await t.counter('cache_fill_total', { ...USER, outcome: 'stored' })).toBe(stored + 1);
  });

  it('never fills a row under a key MySQL matched loosely (trailing space, PAD SPACE collation)', async () => {
    await t.users.insert({ userId: 'pad-1', userLevel: 3, nickname: null });
    const mismatched = () => t.counter('cache_fill_total', { ...USER, outcome: 'key_mismatch' });
    const before = await mismatched();
    for (let i = 0; i < 2; i++) {
      expect(await t.users.findByUserId('pad-1 ')).toMatchObject({ userId: 'pad-1' });
    }
    expect(await mismatched()).toBe(before + 2);
    expect(await t.redis.exists(t.userKeys('pad-1 ').row)).toBe(0);
    expect(await t.redis.exists(t.userKeys('pad-1 ').lease)).toBe(0); // released, not left to expire
    await t.users.update('pad-1', { userLevel: 4 });
    expect(await t.users.findByUserId('pad-1 ')).toMatchObject({ userLevel: 4 });
  });

  it('gives each caller of one load an object of its own', async () => {
    await t.users.insert({ userId: 'own-1', userLevel: 1, nickname: 'first' });
    const [a, b] = await Promise.all([
      t.users.findByUserId('own-1'),
      t.users.findByUserId('own-1'),
    ]);
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(a).toBeInstanceOf(UserAuthInfo);
    expect(a!.updatedAt).not.toBe(b!.updatedAt);
    a!.nickname = 'changed by one caller';
    expect(b!.nickname).toBe('first');
    expect(await t.users.findByUserId('own-1')).toMatchObject({ nickname: 'first' });
  });
});
