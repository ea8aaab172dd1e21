import type { CacheStrategyName } from '../config/app-config.interface.js';
import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';

export interface CacheModuleOptions {
  /** `lease` (default) or one of the strategies it is compared with (see docs/consistency.md). */
  strategy?: CacheStrategyName;
  /** Path of cache-config.xml; ignored when `entities` is given. */
  configPath?: string;
  /** The cached entities, already merged and validated (tests); otherwise loaded from `configPath`. */
  entities?: CacheEntityConfig[];
  /** TTL of an entity that configures none. Default 10 minutes. */
  defaultTtlMs?: number;
  /** Each TTL is stretched by a random fraction in [0, jitter) so keys do not expire together. Default 0.1. */
  ttlJitter?: number;
  /** TTL of the "no such row" marker. Default 10 s. */
  negativeTtlMs?: number;
  /** How long a reader may hold the right to fill a row. Default 3 s. */
  leaseTtlMs?: number;
  /**
   * Expiry of a writer's entry in the row's marker (`lease`), or of its delete-cache lock (the
   * simpler strategies). Readers never fill while an entry is live. Default 10 s.
   */
  lockTtlMs?: number;
  /** How long a reader waits for another reader's fill before reading MySQL itself. Default 1 s. */
  readWaitMs?: number;
  /**
   * How long `write-begin` is retried while Redis does not answer (a dropped connection, a
   * failover) before the write is refused with HTTP 503, MySQL untouched. Default 1 s.
   */
  writeBeginRetryMs?: number;
  /**
   * How long a committed write retries its post-commit invalidation while Redis does not answer,
   * before it is acknowledged anyway (and counted as failed). Default 10 s (the lock TTL's default).
   */
  invalidationRetryMs?: number;
  /** `double-delete`: delay of the second DEL. Default 500 ms. */
  doubleDeleteDelayMs?: number;
  /**
   * Test and stress runs only: a pause between the MySQL load and the fill, for every strategy
   * alike, to widen the stale-set window. Default 0 (`CACHE_DEBUG_FILL_DELAY_MS`).
   */
  debugFillDelayMs?: number;
}

export type ResolvedCacheOptions = Required<Omit<CacheModuleOptions, 'entities' | 'configPath'>> &
  Pick<CacheModuleOptions, 'entities' | 'configPath'>;

export const CACHE_OPTION_DEFAULTS: Omit<ResolvedCacheOptions, 'entities' | 'configPath'> = {
  strategy: 'lease',
  defaultTtlMs: 600_000,
  ttlJitter: 0.1,
  negativeTtlMs: 10_000,
  leaseTtlMs: 3_000,
  lockTtlMs: 10_000,
  readWaitMs: 1_000,
  writeBeginRetryMs: 1_000,
  invalidationRetryMs: 10_000,
  doubleDeleteDelayMs: 500,
  debugFillDelayMs: 0,
};

export function resolveCacheOptions(options: CacheModuleOptions): ResolvedCacheOptions {
  const defined = Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  );
  return { ...CACHE_OPTION_DEFAULTS, ...defined };
}
