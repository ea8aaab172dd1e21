import type { AuditCounts } from './audit/audit-result.js';

/** `result` of a cached read. `unavailable`: Redis unreachable, answered from MySQL. */
export type CacheRequestResult = 'hit' | 'miss' | 'bypass' | 'negative_hit' | 'unavailable';

/** A count that the hot path increments. */
export interface CacheCount {
  inc(): void;
}

/** One entity's counts, bound once at start-up so that a cache hit only increments. */
export interface EntityMetrics {
  readonly requests: Readonly<Record<CacheRequestResult, CacheCount>>;
  readonly stored: CacheCount;
  readonly rejected: CacheCount;
  /** A loaded row whose key differs from the requested one: returned, never cached. */
  readonly keyMismatch: CacheCount;
  readonly dbLoad: CacheCount;
  /** A write whose post-commit invalidation failed (the lock's TTL keeps the cache unused). */
  readonly invalidationFailed: CacheCount;
  /** A TypeORM write whose rows could not be known, run anyway (`po-throws="false"`). */
  readonly unkeyedWrite: CacheCount;
}

/**
 * Receives the cache's counts: `cacheMetrics(registry)` records them as Prometheus counters
 * (docs/consistency.md, "Metrics"); any other implementation may send them elsewhere.
 */
export interface CacheObserver {
  /** Called once per cached entity, at start-up. */
  forEntity(entity: string): EntityMetrics;
  /** With a consistency audit (`auditRate` > 0): called once per cached entity, at start-up. */
  forAudit?(entity: string): AuditCounts;
}

const IGNORED: CacheCount = { inc: () => undefined };

/** Counts nothing: the observer of a module given neither `observer` nor `metricsRegistry`. */
export const NOOP_CACHE_OBSERVER: CacheObserver = {
  forEntity: () => ({
    requests: {
      hit: IGNORED,
      miss: IGNORED,
      bypass: IGNORED,
      negative_hit: IGNORED,
      unavailable: IGNORED,
    },
    stored: IGNORED,
    rejected: IGNORED,
    keyMismatch: IGNORED,
    dbLoad: IGNORED,
    invalidationFailed: IGNORED,
    unkeyedWrite: IGNORED,
  }),
};
