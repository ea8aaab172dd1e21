import type { Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../../src/metrics/metrics.constants.js';
import type { CdcBenchServer } from './cdc-bench-server.js';

/** `cache_cdc_lag_seconds` of the server's app: cumulative count per bucket bound (s). */
export async function lagBuckets(server: CdcBenchServer): Promise<Map<number, number>> {
  const registry = server.app.context.get<Registry>(METRICS_REGISTRY);
  const histogram = registry.getSingleMetric('cache_cdc_lag_seconds') as Histogram;
  const buckets = new Map<number, number>();
  for (const value of (await histogram.get()).values) {
    if (value.metricName === 'cache_cdc_lag_seconds_bucket') {
      const le = String(value.labels.le);
      buckets.set(le === '+Inf' ? Infinity : Number(le), value.value);
    }
  }
  return buckets;
}

/**
 * The smallest bucket bound under which share `p` of the transactions observed between the two
 * readings fell (what `histogram_quantile` would round up to), in ms.
 */
export function bucketQuantileMs(
  before: Map<number, number>,
  after: Map<number, number>,
  p: number,
): number {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const count = (bound: number) => after.get(bound)! - (before.get(bound) ?? 0);
  const total = count(Infinity);
  const bound = bounds.find((le) => count(le) >= p * total) ?? Infinity;
  return bound * 1000;
}
