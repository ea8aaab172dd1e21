import { CacheUnavailableError } from '../cache.errors.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type { CacheStrategy, MissOutcome, ReadMiss, WriteSet } from './cache-strategy.interface.js';
import { deleteQuietly, deleteRowsQuietly, setUnconditionally } from './naive-fill.js';

/**
 * The delete-cache lock (docs/consistency.md, "The other strategies"): a writer sets the lock
 * (with an expiry), DELs, runs its transaction, DELs again and releases; a reader that misses and sees the lock reads MySQL
 * without filling, otherwise loads and fills. No lease: a reader that checked before the lock
 * was set still fills its old row after the writer is done (race 1 stays open).
 */
export class DeleteLockStrategy implements CacheStrategy {
  readonly name = 'delete-lock';
  readonly usesCache = true;
  readonly singleFlight = false;

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    let locked: boolean;
    try {
      locked = (await this.redis.client.exists(read.keys.lock)) === 1;
    } catch {
      return { row: (await read.load()).row, result: 'unavailable' };
    }
    if (locked) return { row: (await read.load()).row, result: 'bypass' };
    await this.probe.at('afterLeaseAcquired', read.keys.row);
    const loaded = await read.load();
    await setUnconditionally(this.redis, read, loaded);
    return { row: loaded.row, result: 'miss' };
  }

  async beginWrite(write: WriteSet): Promise<void> {
    for (const { entity, keys } of write.rows) {
      try {
        await this.redis.client.set(keys.lock, write.token, 'PX', this.options.lockTtlMs);
      } catch (error) {
        await this.release(write);
        throw new CacheUnavailableError(entity.name, { cause: error });
      }
      await deleteQuietly(this.redis, keys.row);
    }
  }

  async endWrite(write: WriteSet, committed: boolean): Promise<boolean> {
    if (committed) await deleteRowsQuietly(this.redis, write);
    await this.release(write);
    return false;
  }

  private async release(write: WriteSet): Promise<void> {
    for (const { keys } of write.rows) {
      await this.redis.releaseOwned(keys.lock, write.token).catch(() => false);
    }
  }
}
