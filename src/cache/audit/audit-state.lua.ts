import { REDIS_NOW_MS } from '../lua/writer-marker.lua.js';

/**
 * The auditor's look at one row, in one step. KEYS: 1 row, 2 marker (one hash tag).
 * Returns { cached value or nil, 1 when a writer is in progress else 0 }. The `lease` marker is
 * a sorted set of writers scored by expiry (live: a score in the future); the other strategies'
 * delete-cache lock is a plain key, live while it exists.
 */
export const AUDIT_STATE_LUA = `${REDIS_NOW_MS}
local writer = 0
local kind = redis.call('TYPE', KEYS[2])['ok']
if kind == 'zset' then
  if redis.call('ZCOUNT', KEYS[2], string.format('(%.0f', now_ms()), '+inf') > 0 then writer = 1 end
elseif kind ~= 'none' then
  writer = 1
end
return { redis.call('GET', KEYS[1]), writer }
`;
