import { Counter, type Registry } from 'prom-client';
import type { AuditCounts } from './audit/audit-result.js';
import type { CacheObserver, CacheRequestResult, EntityMetrics } from './cache-observer.js';

/** A counter child the hot path increments with a plain `++`. */
class LocalCount {
  pending = 0;

  inc(): void {
    this.pending++;
  }
}

type Flush = () => void;
const flushes = new WeakMap<Counter, Flush[]>();

/**
 * prom-client hashes and validates the labels on every `inc()`, even through `labels()`: too
 * much for a cache hit. The interceptors count in plain fields instead, and every scrape (`collect`)
 * moves the counts into the counters.
 */
function counter<L extends string>(registry: Registry, name: string, help: string, labels: L[]) {
  const existing = registry.getSingleMetric(name) as Counter<L> | undefined;
  if (existing) return existing;
  const created: Counter<L> = new Counter<L>({
    name,
    help,
    labelNames: labels,
    registers: [registry],
    collect() {
      for (const flush of flushes.get(created) ?? []) flush();
    },
  });
  flushes.set(created, []);
  return created;
}

function bind<L extends string>(target: Counter<L>, labels: Partial<Record<L, string>>) {
  const count = new LocalCount();
  target.inc(labels, 0); // the series exists, at 0, from the start
  flushes.get(target)?.push(() => {
    if (count.pending) {
      target.inc(labels, count.pending);
      count.pending = 0;
    }
  });
  return count;
}

/**
 * The cache's Prometheus counters on `registry`: `cache_requests_total{entity,result}`,
 * `cache_fill_total{entity,outcome}`, `db_loads_total{entity}`,
 * `cache_invalidation_failures_total{entity}`, `cache_unkeyed_writes_total{entity}`
 * (docs/consistency.md, "Metrics").
 */
export function cacheMetrics(registry: Registry): CacheObserver {
  const requests = counter(registry, 'cache_requests_total', 'Cached reads by result', [
    'entity',
    'result',
  ]);
  const fills = counter(registry, 'cache_fill_total', 'Cache fills by outcome', [
    'entity',
    'outcome',
  ]);
  const dbLoads = counter(registry, 'db_loads_total', 'MySQL loads by the read interceptors', [
    'entity',
  ]);
  const invalidationFailures = counter(
    registry,
    'cache_invalidation_failures_total',
    'Writes committed whose post-commit invalidation failed',
    ['entity'],
  );
  const unkeyedWrites = counter(
    registry,
    'cache_unkeyed_writes_total',
    'TypeORM writes of a cached entity whose rows could not be known (po-throws="false")',
    ['entity'],
  );
  return {
    forAudit: (entity: string) => auditCounts(registry, entity),
    forEntity(entity: string): EntityMetrics {
      const result = (name: CacheRequestResult) => bind(requests, { entity, result: name });
      return {
        requests: {
          hit: result('hit'),
          miss: result('miss'),
          bypass: result('bypass'),
          negative_hit: result('negative_hit'),
          unavailable: result('unavailable'),
        },
        stored: bind(fills, { entity, outcome: 'stored' }),
        rejected: bind(fills, { entity, outcome: 'rejected' }),
        keyMismatch: bind(fills, { entity, outcome: 'key_mismatch' }),
        dbLoad: bind(dbLoads, { entity }),
        invalidationFailed: bind(invalidationFailures, { entity }),
        unkeyedWrite: bind(unkeyedWrites, { entity }),
      };
    },
  };
}

/**
 * `cache_audit_total{entity,result}` (consistent, in_flight, stale) and
 * `cache_audit_skipped_total{entity,reason}` (busy: every audit slot taken; failed: MySQL or
 * Redis did not answer) (docs/consistency.md, "Consistency audit").
 */
function auditCounts(registry: Registry, entity: string): AuditCounts {
  const audits = counter(registry, 'cache_audit_total', 'Audited cache hits by result', [
    'entity',
    'result',
  ]);
  const skipped = counter(
    registry,
    'cache_audit_skipped_total',
    'Cache hits sampled for audit but not audited, by reason',
    ['entity', 'reason'],
  );
  return {
    results: {
      consistent: bind(audits, { entity, result: 'consistent' }),
      in_flight: bind(audits, { entity, result: 'in_flight' }),
      stale: bind(audits, { entity, result: 'stale' }),
    },
    skipped: {
      busy: bind(skipped, { entity, reason: 'busy' }),
      failed: bind(skipped, { entity, reason: 'failed' }),
    },
  };
}
