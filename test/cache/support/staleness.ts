import { NEGATIVE_MARKER } from '../../../src/cache/cache.constants.js';
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
