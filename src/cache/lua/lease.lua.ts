import { LIVE_WRITER, REDIS_NOW_MS } from './writer-marker.lua.js';

/**
 * The reader's side of the `lease` protocol (Facebook's memcache leases, on Redis).
 * KEYS: 1 row, 2 writer marker, 3 lease — one hash tag, so one Cluster slot.
 */

/**
 * lease-acquire. ARGV: 1 token, 2 lease TTL (ms).
 * Returns {'ROW', value} when the row was filled since the caller's GET; {'BYPASS'} while a
 * writer is in progress (read MySQL, never fill); {'WAIT'} when another reader holds the lease;
 * else takes the lease for this token and returns {'LEASE'}. Taken before the MySQL load, so any
 * write that starts after it voids it.
 */
export const LEASE_ACQUIRE_LUA = `${REDIS_NOW_MS}${LIVE_WRITER}
local row = redis.call('GET', KEYS[1])
if row then return {'ROW', row} end
if live_writer(KEYS[2]) then return {'BYPASS'} end
if redis.call('SET', KEYS[3], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'LEASE'} end
return {'WAIT'}
`;

/**
 * fill. ARGV: 1 token, 2 value (row JSON or negative marker), 3 TTL (ms).
 * Stores the value only if the lease still holds this token (no writer voided it, it did not
 * expire and pass to another reader) and no writer is in progress; releases the lease.
 * Returns 1 stored, 0 rejected (the stale set of race 1, refused).
 */
export const FILL_LUA = `${REDIS_NOW_MS}${LIVE_WRITER}
if redis.call('GET', KEYS[3]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[3])
if live_writer(KEYS[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
`;
