import type { Cluster, Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import { AUDIT_DEFAULTS, type CacheAuditOptions } from './audit/cache-auditor.js';
import type { CacheObserver } from './cache-observer.js';
import type { CacheCdcOptions } from './cdc/cdc-options.js';
import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';
import type { CacheStrategyName } from './strategies/cache-strategy-name.js';

/** The cache's ioredis client: a `Redis` or a `Cluster`, owned (connected and quit) by the app. */
export type CacheRedisClient = Redis | Cluster;

export interface CacheModuleOptions {
  /**
   * The client the cache runs its commands and scripts on; its `keyPrefix` applies to every
   * key. For bounded reads and refused writes while Redis is down, give it `enableOfflineQueue:
   * false` and a `commandTimeout` (docs/consistency.md, "Failures").
   */
  redis: CacheRedisClient;
  /** The TypeORM DataSource of the cached entities (its metadata, its transactions' events). */
  dataSource: DataSource;
  /** A prom-client registry: the cache's counters are recorded on it (`cacheMetrics`). */
  metricsRegistry?: Registry;
  /** Or any observer of the cache's counts (takes precedence over `metricsRegistry`). */
  observer?: CacheObserver;
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
  /**
   * Change data capture: `{ mode: 'binlog' }` tails the primary's binlog and invalidates every
   * cached row that any client's committed transaction wrote. Default off (docs/consistency.md,
   * "Change data capture").
   */
  cdc?: CacheCdcOptions;
  /**
   * Consistency audit: `{ rate: 0.001 }` re-reads that share of cache hits from the primary after
   * the response and counts each as consistent, in flight or stale (`cache_audit_total`).
   * Default off (docs/consistency.md, "Consistency audit").
   */
  audit?: Partial<CacheAuditOptions>;
}

/** What the module is given rather than configured with. */
type CacheConnections = 'redis' | 'dataSource' | 'metricsRegistry' | 'observer';

/** The settings in force, every default applied (`CACHE_OPTIONS`). */
export type ResolvedCacheOptions = Required<
  Omit<CacheModuleOptions, 'entities' | 'configPath' | 'audit' | CacheConnections>
> &
  Pick<CacheModuleOptions, 'entities' | 'configPath'> & { audit: CacheAuditOptions };

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
  cdc: { mode: 'off' },
  audit: AUDIT_DEFAULTS,
};

export function resolveCacheOptions(options: CacheModuleOptions): ResolvedCacheOptions {
  const {
    redis: _redis,
    dataSource: _dataSource,
    metricsRegistry: _m,
    observer: _o,
    ...rest
  } = options;
  const defined = Object.fromEntries(
    Object.entries(rest).filter(([, value]) => value !== undefined),
  );
  return {
    ...CACHE_OPTION_DEFAULTS,
    ...defined,
    audit: { ...AUDIT_DEFAULTS, ...options.audit },
  };
}
