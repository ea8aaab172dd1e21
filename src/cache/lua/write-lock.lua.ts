/**
 * The writer's side of the `lease` protocol.
 * KEYS: 1 row, 2 lock, 3 lease, 4 fence — one hash tag, so one Cluster slot.
 */

/**
 * write-begin. ARGV: 1 token, 2 lock TTL (ms), 3 fence TTL (ms).
 * Takes the delete-cache lock (SET NX PX); on success deletes the row and voids every outstanding
 * lease in the same step, and hands out a fencing token: max(last + 1, Redis time in µs), so
 * tokens keep increasing even when the fence key was lost (Redis restart, eviction).
 * Returns {'OK', fence} or {'HELD', pttl of the other writer's lock}.
 */
export const WRITE_BEGIN_LUA = `
if not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {'HELD', redis.call('PTTL', KEYS[2])}
end
redis.call('DEL', KEYS[1], KEYS[3])
local now = redis.call('TIME')
local fence = math.max(tonumber(redis.call('GET', KEYS[4]) or '0') + 1,
                       tonumber(now[1]) * 1000000 + tonumber(now[2]))
fence = string.format('%.0f', fence)
redis.call('SET', KEYS[4], fence, 'PX', ARGV[3])
return {'OK', fence}
`;

/**
 * write-end. ARGV: 1 token.
 * After commit (or rollback): deletes the row and voids the leases again — a reader that filled
 * from MySQL while the lock had expired, or loaded the pre-commit row, loses its fill — then
 * releases the lock only if it is still this writer's. Returns 1 released, 0 not ours any more.
 */
export const WRITE_END_LUA = `
redis.call('DEL', KEYS[1], KEYS[3])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
  return 1
end
return 0
`;
