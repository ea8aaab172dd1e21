import { Inject, Injectable } from '@nestjs/common';
import { Counter, type Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/metrics.constants.js';

/** `result` of `cache_requests_total`. `unavailable`: Redis unreachable, answered from MySQL. */
export type CacheRequestResult = 'hit' | 'miss' | 'bypass' | 'negative_hit' | 'unavailable';

interface Inc {
  inc(): void;
}

/** One entity's counters, bound once so that the hit path only increments. */
export interface EntityMetrics {
  readonly requests: Record<CacheRequestResult, Inc>;
  readonly stored: Inc;
  readonly rejected: Inc;
  readonly dbLoad: Inc;
  /** A write whose post-commit invalidation failed (the lock's TTL keeps the cache unused). */
  readonly invalidationFailed: Inc;
}

function counter<L extends string>(registry: Registry, name: string, help: string, labels: L[]) {
  return (
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter<L>({ name, help, labelNames: labels, registers: [registry] })
  );
}

@Injectable()
export class CacheMetrics {
  private readonly requests: Counter<'entity' | 'result'>;
  private readonly fills: Counter<'entity' | 'outcome'>;
  private readonly dbLoads: Counter<'entity'>;
  private readonly invalidationFailures: Counter<'entity'>;

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
  }

  forEntity(entity: string): EntityMetrics {
    const result = (name: CacheRequestResult) => this.requests.labels(entity, name);
    return {
      requests: {
        hit: result('hit'),
        miss: result('miss'),
        bypass: result('bypass'),
        negative_hit: result('negative_hit'),
        unavailable: result('unavailable'),
      },
      stored: this.fills.labels(entity, 'stored'),
      rejected: this.fills.labels(entity, 'rejected'),
      dbLoad: this.dbLoads.labels(entity),
      invalidationFailed: this.invalidationFailures.labels(entity),
    };
  }
}
