import { NEGATIVE_MARKER } from '../../../src/cache/testing.js';
import type { CacheTestApp } from './cache-test-app.js';

/** Whether the cached entry of `userId` disagrees with MySQL (an absent entry never does). */
export async function cacheStaleness(
  t: CacheTestApp,
  userId: string,
): Promise<'consistent' | 'stale'> {
  const cached = await t.redis.get(t.userKeys(userId).row);
  const level = await t.mysqlLevel(userId);
  if (cached === null) return 'consistent';
  if (cached === NEGATIVE_MARKER) return level === null ? 'consistent' : 'stale';
  return (JSON.parse(cached) as { userLevel: number }).userLevel === level ? 'consistent' : 'stale';
}

let sequence = 0;

/** A new user row (level 1), not cached. */
export async function freshUser(t: CacheTestApp, userLevel = 1): Promise<string> {
  const userId = `race-${process.pid}-${++sequence}`;
  await t.users.insert({ userId, userLevel, nickname: null });
  return userId;
}

/** Whether the cached entry of `goodsId` disagrees with MySQL's stock. */
export async function goodsStaleness(
  t: CacheTestApp,
  goodsId: number,
): Promise<'consistent' | 'stale'> {
  const cached = await t.redis.get(t.goodsKeys(goodsId).row);
  const rows = await t.dataSource.query<{ number: number }[]>(
    'SELECT number FROM t_inventory WHERE goods_id = ?',
    [goodsId],
  );
  const number = rows.length ? rows[0].number : null;
  if (cached === null) return 'consistent';
  if (cached === NEGATIVE_MARKER) return number === null ? 'consistent' : 'stale';
  return (JSON.parse(cached) as { number: number }).number === number ? 'consistent' : 'stale';
}

let goodsSequence = 0;

/** New goods (stock 1), not cached; ids differ across test processes. */
export async function freshGoods(t: CacheTestApp, number = 1): Promise<number> {
  const goodsId = (process.pid % 100_000) * 100_000 + ++goodsSequence;
  await t.inventory.insert({ goodsId, number });
  return goodsId;
}
