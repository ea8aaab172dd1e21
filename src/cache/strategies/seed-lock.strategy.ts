import { setTimeout as sleep } from 'node:timers/promises';
import {
  CacheLockLostError,
  CacheUnavailableError,
  CacheWriteTimeoutError,
} from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { newToken } from './new-token.js';
import type { CacheStrategy, MissOutcome, ReadMiss, WriteSet } from './cache-strategy.interface.js';
import { deleteRowsQuietly, setUnconditionally } from './naive-fill.js';

const SEED_WRITE_WAIT_MS = 5_000;
const RETRY_MS = 20;

/**
 * One plain lock per row (`P:{K}:lock`; docs/consistency.md, "The other strategies"). Read
 * miss: try the lock once; with it load, fill and unlock; without it load only. Write: take the lock (waiting up to 5 s), open
 * the transaction, update, check the lock is still held, commit, DEL, unlock; a lost lock rolls
 * back and fails. Nothing voids a fill already in progress when the lock expires.
 */
export class SeedLockStrategy implements CacheStrategy {
  readonly name = 'seed-lock';
  readonly usesCache = true;
  readonly singleFlight = false;

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    const token = newToken();
    let locked: boolean;
    try {
      locked =
        (await this.redis.client.set(read.keys.lock, token, 'PX', this.options.lockTtlMs, 'NX')) ===
        'OK';
    } catch {
      return { row: (await read.load()).row, result: 'unavailable' };
    }
    const loaded = await read.load();
    if (!locked) return { row: loaded.row, result: 'bypass' };
    await this.probe.at('afterLeaseAcquired', read.keys.row);
    await setUnconditionally(this.redis, read, loaded);
    await this.redis.releaseOwned(read.keys.lock, token).catch(() => false);
    return { row: loaded.row, result: 'miss' };
  }

  async beginWrite(write: WriteSet): Promise<void> {
    const held: CacheKeys[] = [];
    try {
      for (const { entity, keys } of write.rows) {
        await this.lock(entity.name, keys, write.token);
        held.push(keys);
      }
    } catch (error) {
      await this.release(held, write.token);
      throw error;
    }
  }

  async beforeCommit(write: WriteSet): Promise<void> {
    for (const { keys } of write.rows) {
      if ((await this.redis.client.get(keys.lock)) !== write.token) {
        throw new CacheLockLostError(keys.row);
      }
    }
  }

  async endWrite(write: WriteSet, committed: boolean): Promise<boolean> {
    if (committed) await deleteRowsQuietly(this.redis, write);
    await this.release(
      write.rows.map(({ keys }) => keys),
      write.token,
    );
    return false;
  }

  private async release(held: readonly CacheKeys[], token: string): Promise<void> {
    for (const keys of held) await this.redis.releaseOwned(keys.lock, token).catch(() => false);
  }

  private async lock(entity: string, keys: CacheKeys, token: string): Promise<void> {
    const deadline = Date.now() + SEED_WRITE_WAIT_MS;
    for (;;) {
      let reply: string | null;
      try {
        reply = await this.redis.client.set(keys.lock, token, 'PX', this.options.lockTtlMs, 'NX');
      } catch (error) {
        throw new CacheUnavailableError(entity, { cause: error });
      }
      if (reply === 'OK') return;
      if (Date.now() >= deadline) throw new CacheWriteTimeoutError(keys.row, SEED_WRITE_WAIT_MS);
      await sleep(RETRY_MS);
    }
  }
}
