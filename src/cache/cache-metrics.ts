import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/metrics.constants.js';

/** `result` of `cache_requests_total`. `unavailable`: Redis unreachable, answered from MySQL. */
export type CacheRequestResult = 'hit' | 'miss' | 'bypass' | 'negative_hit' | 'unavailable';

/** A counter child the hot path increments with a plain `++`. */
export class LocalCount {
  pending = 0;

  inc(): void {
    this.pending++;
  }
}

/** One entity's counters, bound once so that the hit path only increments. */
export interface EntityMetrics {
  readonly requests: Readonly<Record<CacheRequestResult, LocalCount>>;
  readonly stored: LocalCount;
  readonly rejected: LocalCount;
  /** A loaded row whose key differs from the requested one: returned, never cached. */
  readonly keyMismatch: LocalCount;
  readonly dbLoad: LocalCount;
  /** A write whose post-commit invalidation failed (the lock's TTL keeps the cache unused). */
  readonly invalidationFailed: LocalCount;
  /** A TypeORM write whose rows could not be known, run anyway (`po-throws="false"`). */
  readonly unkeyedWrite: LocalCount;
}

type Flush = () => void;
const flushes = new WeakMap<Counter, Flush[]>();

/**
 * prom-client hashes and validates the labels on every `inc()`, even through `labels()`: too
 * much for a cache hit. The aspects count in plain fields instead, and every scrape (`collect`)
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

@Injectable()
export class CacheMetrics {
  private readonly requests: Counter<'entity' | 'result'>;
  private readonly fills: Counter<'entity' | 'outcome'>;
  private readonly dbLoads: Counter<'entity'>;
  private readonly invalidationFailures: Counter<'entity'>;
  private readonly unkeyedWrites: Counter<'entity'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = counter(registry, 'cache_requests_total', 'Cached reads by result', [
      'entity',
      'result',
    ]);
    this.fills = counter(registry, 'cache_fill_total', 'Cache fills by outcome', [
      'entity',
      'outcome',
    ]);
    this.dbLoads = counter(registry, 'db_loads_total', 'MySQL loads by the read aspect', [
      'entity',
    ]);
    this.invalidationFailures = counter(
      registry,
      'cache_invalidation_failures_total',
      'Writes committed whose post-commit invalidation failed',
      ['entity'],
    );
    this.unkeyedWrites = counter(
      registry,
      'cache_unkeyed_writes_total',
      'TypeORM writes of a cached entity whose rows could not be known (po-throws="false")',
      ['entity'],
    );
  }

  forEntity(entity: string): EntityMetrics {
    const result = (name: CacheRequestResult) => bind(this.requests, { entity, result: name });
    return {
      requests: {
        hit: result('hit'),
        miss: result('miss'),
        bypass: result('bypass'),
        negative_hit: result('negative_hit'),
        unavailable: result('unavailable'),
      },
      stored: bind(this.fills, { entity, outcome: 'stored' }),
      rejected: bind(this.fills, { entity, outcome: 'rejected' }),
      keyMismatch: bind(this.fills, { entity, outcome: 'key_mismatch' }),
      dbLoad: bind(this.dbLoads, { entity }),
      invalidationFailed: bind(this.invalidationFailures, { entity }),
      unkeyedWrite: bind(this.unkeyedWrites, { entity }),
    };
  }
}
