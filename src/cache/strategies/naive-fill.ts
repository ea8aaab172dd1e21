import { Logger } from '@nestjs/common';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type { LoadedRow, ReadMiss } from './cache-strategy.interface.js';

const logger = new Logger('Cache');

/**
 * The unconditional fill of the simple strategies: SET with a TTL, whatever happened since the
 * load. This is the stale set of race 1 that `lease` refuses.
 */
export async function setUnconditionally(
  redis: CacheRedis,
  options: ResolvedCacheOptions,
  read: ReadMiss,
  loaded: LoadedRow,
): Promise<void> {
  if (!loaded.fillable) return;
  await read.beforeFill();
  const value = loaded.row ? read.entity.codec.encode(loaded.row) : NEGATIVE_MARKER;
  const ttl = loaded.row ? read.entity.jitteredTtlMs() : options.negativeTtlMs;
  try {
    await redis.client.set(read.keys.row, value, 'PX', ttl);
    read.entity.metrics.stored.inc();
  } catch (error) {
    logger.warn(`fill of ${read.keys.row} failed: ${(error as Error).message}`);
  }
}

/** Deletes a row key, logging rather than failing (the simple strategies' invalidation). */
export async function deleteQuietly(redis: CacheRedis, key: string): Promise<void> {
  try {
    await redis.client.del(key);
  } catch (error) {
    logger.warn(`DEL ${key} failed: ${(error as Error).message}`);
  }
}
