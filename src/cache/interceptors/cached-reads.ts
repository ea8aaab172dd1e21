import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable } from '@nestjs/common';
import { CacheAuditor } from '../audit/cache-auditor.js';
import { CACHE_OPTIONS, CACHE_PROBE, CACHE_STRATEGY, NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type { CacheProbe } from '../cache-probe.js';
import { CacheRedis } from '../cache-redis.js';
import type { CacheStrategy } from '../strategies/cache-strategy.interface.js';
import { CacheWriter } from '../writes/cache-writer.js';

/**
 * What the two read interceptors (`CachedReadInterceptor`, `CachedBatchInterceptor`) share: the
 * services they read through, and the steps a row read and a batch read take alike.
 */
@Injectable()
export class CachedReads {
  constructor(
    readonly redis: CacheRedis,
    @Inject(CACHE_STRATEGY) readonly strategy: CacheStrategy,
    @Inject(CACHE_PROBE) private readonly probe: CacheProbe,
    private readonly writer: CacheWriter,
    @Inject(CACHE_OPTIONS) private readonly options: ResolvedCacheOptions,
    private readonly auditor: CacheAuditor,
  ) {}

  /**
   * False when a call goes straight to MySQL: strategy `none`, or inside an ambient transaction,
   * which reads its own rows (read-your-writes), never the cache.
   */
  usesCache(): boolean {
    return this.strategy.usesCache && !this.writer.inTransaction();
  }

  /** A value found in Redis for `key`: audited (a sample), counted, decoded (null: no such row). */
  hit(entity: CachedEntity, keys: CacheKeys, key: object, text: string): object | null {
    this.auditor.sample(entity, keys, key, text);
    if (text === NEGATIVE_MARKER) {
      entity.metrics.requests.negative_hit.inc();
      return null;
    }
    entity.metrics.requests.hit.inc();
    return entity.codec.decode(text);
  }

  /** After a miss's MySQL load of these rows: the probe's `afterDbLoad`. */
  async loaded(rows: readonly CacheKeys[]): Promise<void> {
    for (const keys of rows) await this.probe.at('afterDbLoad', keys.row);
  }

  /**
   * Between a miss's MySQL load and its fill, for every strategy alike: the probe's
   * `beforeFill` per row, then the debug fill delay (`debugFillDelayMs`, test and stress runs
   * only) that widens the stale-set window (docs/consistency.md, "Module options").
   */
  async beforeFill(rows: readonly CacheKeys[]): Promise<void> {
    for (const keys of rows) await this.probe.at('beforeFill', keys.row);
    const delay = this.options.debugFillDelayMs;
    if (delay > 0) await sleep(delay);
  }
}
