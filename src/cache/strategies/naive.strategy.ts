import type { CacheRedis } from '../cache-redis.js';
import type { CacheStrategy, MissOutcome, ReadMiss, WriteSet } from './cache-strategy.interface.js';
import { deleteRowsQuietly, setUnconditionally } from './naive-fill.js';

/** Cache-aside as most code does it: miss → load + SET; write → update, then DEL. */
export class NaiveStrategy implements CacheStrategy {
  readonly name = 'naive';
  readonly usesCache = true;
  readonly singleFlight = false;

  constructor(private readonly redis: CacheRedis) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    const loaded = await read.load();
    await setUnconditionally(this.redis, read, loaded);
    return { row: loaded.row, result: 'miss' };
  }

  async beginWrite(): Promise<void> {}

  async endWrite(write: WriteSet, committed: boolean): Promise<boolean> {
    if (committed) await deleteRowsQuietly(this.redis, write);
    return false;
  }
}
