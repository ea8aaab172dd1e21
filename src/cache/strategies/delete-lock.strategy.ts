import { Inject, Injectable } from '@nestjs/common';
import { CACHE_OPTIONS } from '../cache.constants.js';
import { CacheUnavailableError } from '../cache.errors.js';
import { CacheProbe } from '../cache-probe.js';
import { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { newToken } from './new-token.js';
import type {
  CacheStrategy,
  CacheWrite,
  MissOutcome,
  ReadMiss,
} from './cache-strategy.interface.js';
import { deleteQuietly, setUnconditionally } from './naive-fill.js';

/**
 * Seed 002 as written: a writer sets the delete-cache lock (with an expiry), DELs, runs its
 * transaction, DELs again and releases; a reader that misses and sees the lock reads MySQL
 * without filling, otherwise loads and fills. No lease: a reader that checked before the lock
 * was set still fills its old row after the writer is done (race 1 stays open).
 */
@Injectable()
export class DeleteLockStrategy implements CacheStrategy {
  readonly name = 'delete-lock';
  readonly usesCache = true;

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    @Inject(CACHE_OPTIONS) private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    read.flight.seal(); // as written, without single flight: every miss is its own
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

  async write<T>(write: CacheWrite<T>): Promise<T> {
    const token = newToken();
    for (const keys of write.keys) {
      try {
        await this.redis.client.set(keys.lock, token, 'PX', this.options.lockTtlMs);
      } catch (error) {
        throw new CacheUnavailableError(write.entity.name, { cause: error });
      }
      await deleteQuietly(this.redis, keys.row);
    }
    await this.probe.at('afterWriteBegin', write.keys[0].row);
    try {
      const result = await write.run();
      for (const keys of write.keys) await deleteQuietly(this.redis, keys.row);
      return result;
    } finally {
      for (const keys of write.keys)
        await this.redis.releaseOwned(keys.lock, token).catch(() => false);
    }
  }
}
