/**
 * The writer's side of the `lease` protocol: the row's marker `P:{K}:lock` is a sorted set of
 * the writers in progress, each scored by its own expiry (Redis time, ms). Writers never wait
 * for one another here (MySQL's row locks order them); a reader never fills while any entry is
 * live. See docs/consistency.md, "The lease protocol".
 * KEYS: 1 row, 2 marker, 3 lease — one hash tag, so one Cluster slot.
 */

/** `now` in ms on the Redis clock, as a Lua number; shared by the scripts below. */
export const REDIS_NOW_MS = `
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** True while the marker holds an entry that has not expired. */
export const LIVE_WRITER = `
local function live_writer(marker)
  if redis.call('EXISTS', marker) == 0 then return false end
  return redis.call('ZCOUNT', marker, string.format('(%.0f', now_ms()), '+inf') > 0
end
`;

/**
 * write-begin. ARGV: 1 writer token, 2 entry TTL (ms).
 * Drops expired entries, adds this writer (or renews it), keeps the key until its last entry
 * expires, deletes the row and voids every outstanding lease, in one step. Returns 1.
 */
export const WRITE_BEGIN_LUA = `${REDIS_NOW_MS}
local now = now_ms()
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', string.format('%.0f', now))
redis.call('ZADD', KEYS[2], string.format('%.0f', now + tonumber(ARGV[2])), ARGV[1])
local last = redis.call('ZRANGE', KEYS[2], -1, -1, 'WITHSCORES')
redis.call('PEXPIREAT', KEYS[2], last[2])
redis.call('DEL', KEYS[1], KEYS[3])
return 1
`;

/**
 * write-end. ARGV: 1 writer token.
 * After commit or rollback: deletes the row and voids the leases again (a reader that loaded the
 * pre-commit row, or filled while this writer's entry had expired, loses its fill), then removes
 * this writer. Returns 1 removed, 0 no longer there (expired and cleaned, or Redis restarted).
 */
export const WRITE_END_LUA = `
redis.call('DEL', KEYS[1], KEYS[3])
return redis.call('ZREM', KEYS[2], ARGV[1])
`;
