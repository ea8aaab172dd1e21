import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';
import { cacheKeys, type CacheKeys } from './cache-keys.js';
import type { EntityMetrics } from './cache-metrics.js';
import type { RowCodec } from './row-codec.js';

/** Everything the aspects know about one cached entity at run time. */
export class CachedEntity {
  readonly name: string;
  readonly ttlMs: number;

  constructor(
    readonly config: CacheEntityConfig,
    readonly codec: RowCodec,
    readonly metrics: EntityMetrics,
    defaultTtlMs: number,
    private readonly ttlJitter: number,
  ) {
    this.name = config.entityName;
    this.ttlMs = config.ttlMs ?? defaultTtlMs;
  }

  /**
   * The keys of the row that `key` (property → value) names, or the key properties it fails to
   * supply (a query that is not by the whole unique index cannot be cached).
   */
  keysOf(key: object): CacheKeys | { missing: string[] } {
    const values: unknown[] = [];
    const missing: string[] = [];
    for (const property of this.config.keyProperties) {
      const value = (key as Record<string, unknown>)[property];
      if (value === undefined || value === null) missing.push(property);
      else values.push(value);
    }
    return missing.length ? { missing } : cacheKeys(this.config.keyPrefix, values);
  }

  /** The entity's TTL stretched by a random fraction in [0, jitter): no avalanche of expiries. */
  jitteredTtlMs(): number {
    return Math.round(this.ttlMs * (1 + Math.random() * this.ttlJitter));
  }
}
