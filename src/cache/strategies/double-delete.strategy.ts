import type { OnApplicationShutdown } from '@nestjs/common';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type { CacheStrategy, MissOutcome, ReadMiss, WriteSet } from './cache-strategy.interface.js';
import { deleteQuietly, deleteRowsQuietly, setUnconditionally } from './naive-fill.js';

/**
 * Delayed double delete: DEL, update, and DEL again after a delay, scheduled and not awaited by
 * the request. Closes the stale set only when the reader's fill lands within the delay.
 */
export class DoubleDeleteStrategy implements CacheStrategy, OnApplicationShutdown {
  readonly name = 'double-delete';
  readonly usesCache = true;
  readonly singleFlight = false;
  private readonly pending = new Set<NodeJS.Timeout>();

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    const loaded = await read.load();
    await setUnconditionally(this.redis, read, loaded);
    return { row: loaded.row, result: 'miss' };
  }

  beginWrite(write: WriteSet): Promise<void> {
    return deleteRowsQuietly(this.redis, write);
  }

  endWrite(write: WriteSet, committed: boolean): Promise<boolean> {
    if (!committed) return Promise.resolve(false);
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      void this.deleteAgain(write.rows.map(({ keys }) => keys.row));
    }, this.options.doubleDeleteDelayMs);
    this.pending.add(timer);
    return Promise.resolve(false);
  }

  onApplicationShutdown(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private async deleteAgain(rows: string[]): Promise<void> {
    for (const row of rows) {
      await deleteQuietly(this.redis, row);
      await this.probe.at('afterDelayedDelete', row);
    }
  }
}
