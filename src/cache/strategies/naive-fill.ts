import { Logger } from '@nestjs/common';
import type { CacheRedis } from '../cache-redis.js';
import type { LoadedRow, ReadMiss, WriteSet } from './cache-strategy.interface.js';

const logger = new Logger('Cache');

/**
 * The unconditional fill of the simple strategies: SET with a TTL, whatever happened since the
 * load. This is the stale set of race 1 that `lease` refuses. Like most cache-aside code they do
 * not cache absence (race 4 stays open).
 */
export async function setUnconditionally(
  redis: CacheRedis,
  read: ReadMiss,
  loaded: LoadedRow,
): Promise<void> {
  if (!loaded.fillable || !loaded.row) return;
  await read.beforeFill();
  const value = read.entity.codec.encode(loaded.row);
  try {
    await redis.client.set(read.keys.row, value, 'PX', read.entity.jitteredTtlMs());
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

/** `deleteQuietly` for every row of a write, one after another. */
export async function deleteRowsQuietly(redis: CacheRedis, write: WriteSet): Promise<void> {
  for (const { keys } of write.rows) await deleteQuietly(redis, keys.row);
}
