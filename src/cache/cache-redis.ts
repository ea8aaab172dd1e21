import { Cluster, type Redis } from 'ioredis';
import type { CacheKeys } from './cache-keys.js';
import type { CacheRedisClient } from './cache-module-options.interface.js';
import { FILL_LUA, LEASE_ACQUIRE_LUA } from './lua/lease.lua.js';
import { RELEASE_OWNED_LUA } from './lua/owned-lock.lua.js';
import { WRITE_BEGIN_LUA, WRITE_END_LUA } from './lua/writer-marker.lua.js';

export type LeaseReply = ['ROW', string] | ['BYPASS'] | ['WAIT'] | ['LEASE'];

interface ScriptCommands {
  cacheLeaseAcquire(
    row: string,
    lock: string,
    lease: string,
    token: string,
    ttl: number,
  ): Promise<LeaseReply>;
  cacheFill(
    row: string,
    lock: string,
    lease: string,
    token: string,
    value: string,
    ttl: number,
  ): Promise<number>;
  cacheWriteBegin(
    row: string,
    marker: string,
    lease: string,
    token: string,
    entryTtl: number,
  ): Promise<number>;
  cacheWriteEnd(row: string, marker: string, lease: string, token: string): Promise<number>;
  cacheReleaseOwned(lock: string, token: string): Promise<number>;
}

const SCRIPTS: Record<keyof ScriptCommands, { numberOfKeys: number; lua: string }> = {
  cacheLeaseAcquire: { numberOfKeys: 3, lua: LEASE_ACQUIRE_LUA },
  cacheFill: { numberOfKeys: 3, lua: FILL_LUA },
  cacheWriteBegin: { numberOfKeys: 3, lua: WRITE_BEGIN_LUA },
  cacheWriteEnd: { numberOfKeys: 3, lua: WRITE_END_LUA },
  cacheReleaseOwned: { numberOfKeys: 1, lua: RELEASE_OWNED_LUA },
};

/**
 * The cache's view of the client given in the module's `redis` option: plain commands, and the
 * Lua scripts registered once with `defineCommand` (EVALSHA, falling back to EVAL on NOSCRIPT).
 * ioredis adds the client's key prefix to every key, script keys included.
 */
export class CacheRedis {
  readonly client: CacheRedisClient;
  private readonly scripts: ScriptCommands;

  constructor(client: CacheRedisClient) {
    this.client = client;
    const target = client as (Redis | Cluster) & Partial<ScriptCommands>;
    for (const [name, script] of Object.entries(SCRIPTS)) {
      if (!(name in target)) {
        target.defineCommand(name, { numberOfKeys: script.numberOfKeys, lua: script.lua });
      }
    }
    this.scripts = target as unknown as ScriptCommands;
  }

  get(key: string): Promise<string | null> {
    return this.client.get(key);
  }

  /**
   * The values of `keys`, in order: one MGET. On a cluster the keys of different rows live in
   * different slots, which one MGET cannot span: one GET each, sent together.
   */
  getMany(keys: readonly string[]): Promise<(string | null)[]> {
    if (this.client instanceof Cluster) return Promise.all(keys.map((key) => this.client.get(key)));
    return this.client.mget(...keys);
  }

  leaseAcquire(keys: CacheKeys, token: string, ttlMs: number): Promise<LeaseReply> {
    return this.scripts.cacheLeaseAcquire(keys.row, keys.lock, keys.lease, token, ttlMs);
  }

  async fill(keys: CacheKeys, token: string, value: string, ttlMs: number): Promise<boolean> {
    return (
      (await this.scripts.cacheFill(keys.row, keys.lock, keys.lease, token, value, ttlMs)) === 1
    );
  }

  /** Adds the writer `token` to the row's marker (entry TTL `ttlMs`), deletes the row, voids leases. */
  async writeBegin(keys: CacheKeys, token: string, ttlMs: number): Promise<void> {
    await this.scripts.cacheWriteBegin(keys.row, keys.lock, keys.lease, token, ttlMs);
  }

  /** Deletes the row, voids leases, removes the writer; false if its entry was already gone. */
  async writeEnd(keys: CacheKeys, token: string): Promise<boolean> {
    return (await this.scripts.cacheWriteEnd(keys.row, keys.lock, keys.lease, token)) === 1;
  }

  async releaseOwned(lock: string, token: string): Promise<boolean> {
    return (await this.scripts.cacheReleaseOwned(lock, token)) === 1;
  }
}
