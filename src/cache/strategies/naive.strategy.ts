import { Injectable } from '@nestjs/common';
import { CacheRedis } from '../cache-redis.js';
import type {
  CacheStrategy,
  CacheWrite,
  MissOutcome,
  ReadMiss,
} from './cache-strategy.interface.js';
import { deleteQuietly, setUnconditionally } from './naive-fill.js';

/** Cache-aside as most code does it: miss → load + SET; write → update, then DEL. */
@Injectable()
export class NaiveStrategy implements CacheStrategy {
  readonly name = 'naive';
  readonly usesCache = true;

  constructor(private readonly redis: CacheRedis) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    read.flight.seal(); // as written, without single flight: every miss is its own
    const loaded = await read.load();
    await setUnconditionally(this.redis, read, loaded);
    return { row: loaded.row, result: 'miss' };
  }

  async write<T>(write: CacheWrite<T>): Promise<T> {
    const result = await write.run();
    for (const keys of write.keys) await deleteQuietly(this.redis, keys.row);
    return result;
  }
}
