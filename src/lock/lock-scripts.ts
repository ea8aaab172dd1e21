import type { Cluster, Redis } from 'ioredis';

/**
 * The lock's Lua scripts. Every script takes the lock key as KEYS[1] and, where needed, the
 * fencing counter as KEYS[2]; both carry the same hash tag (`lock:{resource}`,
 * `lock:{resource}:fence`) so they live in one Cluster slot.
 */

/**
 * A Lua expression shared by the acquire and hand-off scripts: INCRBY the counter KEYS[2] by
 * `count` (seeding a missing counter with the node's TIME in microseconds, built as a string: a
 * Lua number would print it in exponent form), refresh its expiry to `ttl` ms, yield the value.
 */
function reserveFences(count: string, ttl: string): string {
  return `(function()
  local last = redis.call('INCRBY', KEYS[2], ${count})
  if last == tonumber(${count}) then
    local now = redis.call('TIME')
    redis.call('SET', KEYS[2], now[1] .. string.format('%06d', now[2]))
    last = redis.call('INCRBY', KEYS[2], ${count})
  end
  redis.call('PEXPIRE', KEYS[2], ${ttl})
  return last
end)()`;
}

/**
 * SET NX PX and, on success, reserves the next ARGV[4] fencing tokens: `{1, last}`, the holder's
 * token being `last - ARGV[4] + 1` (the rest are for in-process hand-offs, see `docs/lock.md`,
 * "Hand-off");
 * when taken `{0, pttl}`. ARGV[4] = 0 (a lock taken without fencing, see `docs/lock.md`,
 * "Fencing tokens") skips the counter: `{1, 0}`. A missing counter starts at the node's clock in microseconds rather
 * than 0, so a counter lost to a restart or to its own expiry resumes above every token it
 * handed out before (see `docs/lock.md`, "A counter lost"). The counter expires after ARGV[3] ms
 * of disuse so that locks on short-lived resources leave nothing behind.
 */
const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if ARGV[4] == '0' then return {1, 0} end
  return {1, ${reserveFences('ARGV[4]', 'ARGV[3]')}}
end
return {0, redis.call('PTTL', KEYS[1])}`;

/**
 * Raises the fencing counter to ARGV[2] if this token still holds the lock (see `docs/lock.md`,
 * "Fencing tokens", N nodes): 1 done, 0 not the owner any more.
 */
const RAISE_FENCE = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local current = tonumber(redis.call('GET', KEYS[2]) or '0')
if current < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
return 1`;

/**
 * Deletes the key if ARGV[1] owns it and wakes the waiters (the channel is the full key name,
 * the message the released token, dead by then). One integer, not a table (the cheapest reply
 * to parse on the uncontended path): `1 + listeners` released (the connections the wake-up
 * reached), `0` owned by another token, `-1` already expired.
 */
const RELEASE = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1 + redis.call('PUBLISH', KEYS[1], ARGV[1])
end
if owner then return 0 end
return -1`;

/**
 * Passes a held lock straight to the next waiter of this process: if ARGV[1] owns the key, it
 * now holds ARGV[2] with a fresh PX and reserves the next ARGV[5] fencing tokens, `{1, last}`;
 * otherwise `{0, 0}` owned by another token, `{-1, 0}` expired.
 */
const HAND_OFF = `
local owner = redis.call('GET', KEYS[1])
if owner ~= ARGV[1] then
  if owner then return {0, 0} end
  return {-1, 0}
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
if ARGV[5] == '0' then return {1, 0} end
return {1, ${reserveFences('ARGV[5]', 'ARGV[4]')}}`;

/** Sets a new PX if ARGV[1] owns the key: 1 extended, 0 owned by another token, -1 expired. */
const EXTEND = `
local owner = redis.call('GET', KEYS[1])
if owner == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
if owner then return 0 end
return -1`;

/** Script results shared by release and extend. */
export const OWNED = 1;
export const NOT_OWNER = 0;
export const EXPIRED = -1;
export type OwnershipResult = typeof OWNED | typeof NOT_OWNER | typeof EXPIRED;

/** A client with the lock's commands defined on it (`defineLockCommands`). */
export interface LockCommands {
  lockAcquire(
    key: string,
    fenceKey: string,
    token: string,
    ttlMs: number,
    fenceTtlMs: number,
    fences: number,
  ): Promise<[0 | 1, number]>;
  lockRaiseFence(
    key: string,
    fenceKey: string,
    token: string,
    fence: number,
    fenceTtlMs: number,
  ): Promise<0 | 1>;
  lockHandOff(
    key: string,
    fenceKey: string,
    token: string,
    nextToken: string,
    ttlMs: number,
    fenceTtlMs: number,
    fences: number,
  ): Promise<[OwnershipResult, number]>;
  /** `1 + listeners` released, `0` not the owner, `-1` expired. */
  lockRelease(key: string, token: string): Promise<number>;
  lockExtend(key: string, token: string, ttlMs: number): Promise<OwnershipResult>;
}

/** A standalone master, or a Redis Cluster (every script touches one hash slot). */
export type RedisLike = Redis | Cluster;
export type LockClient = RedisLike & LockCommands;

/**
 * Registers the scripts with `defineCommand`: ioredis sends EVALSHA (falling back to EVAL once
 * after NOSCRIPT) and applies the client's key prefix to KEYS. Idempotent per client.
 */
export function defineLockCommands(client: RedisLike): LockClient {
  const withCommands = client as LockClient;
  if (typeof withCommands.lockAcquire !== 'function') {
    client.defineCommand('lockAcquire', { numberOfKeys: 2, lua: ACQUIRE });
    client.defineCommand('lockRaiseFence', { numberOfKeys: 2, lua: RAISE_FENCE });
    client.defineCommand('lockHandOff', { numberOfKeys: 2, lua: HAND_OFF });
    client.defineCommand('lockRelease', { numberOfKeys: 1, lua: RELEASE });
    client.defineCommand('lockExtend', { numberOfKeys: 1, lua: EXTEND });
  }
  return withCommands;
}
