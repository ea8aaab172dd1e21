import type { HttpClient } from '../driver/http-client.js';
import { sumByLabel } from './prometheus-text.js';

/** The counters of the contract's /metrics that the report shows, summed over the processes. */
export interface CacheCounters {
  /** `cache_requests_total` by result (hit, miss, bypass, negative_hit); undefined if absent. */
  requests?: Record<string, number>;
  /** `db_loads_total`; undefined if absent. */
  dbLoads?: number;
  /** `cache_audit_total` by result (consistent, in_flight, stale); undefined if absent. */
  audits?: Record<string, number>;
  /** `cache_cdc_lag_seconds_bucket` by `le` (cumulative); undefined without CDC. */
  cdcLagBuckets?: Record<string, number>;
}

type ByLabel = 'requests' | 'audits' | 'cdcLagBuckets';
const BY_LABEL: readonly [ByLabel, string, string][] = [
  ['requests', 'cache_requests_total', 'result'],
  ['audits', 'cache_audit_total', 'result'],
  ['cdcLagBuckets', 'cache_cdc_lag_seconds_bucket', 'le'],
];

export async function scrapeCacheCounters(clients: readonly HttpClient[]): Promise<CacheCounters> {
  const texts = await Promise.all(
    clients.map(async (client) => {
      const response = await client.send('GET', '/metrics');
      return response.status === 200 && typeof response.body === 'string' ? response.body : '';
    }),
  );
  const counters: CacheCounters = {};
  for (const text of texts) {
    for (const [field, metric, label] of BY_LABEL) {
      const sums = sumByLabel(text, metric, label);
      if (!sums) continue;
      const target = (counters[field] ??= {});
      for (const [group, value] of sums) target[group] = (target[group] ?? 0) + value;
    }
    const loads = sumByLabel(text, 'db_loads_total');
    if (loads) counters.dbLoads = (counters.dbLoads ?? 0) + (loads.get('') ?? 0);
  }
  return counters;
}

/** What happened between two scrapes (the workload alone, without seeding or final reads). */
export function counterDelta(before: CacheCounters, after: CacheCounters): CacheCounters {
  const delta: CacheCounters = {};
  for (const [field] of BY_LABEL) {
    const values = after[field];
    if (!values) continue;
    delta[field] = Object.fromEntries(
      Object.entries(values).map(([group, value]) => [
        group,
        value - (before[field]?.[group] ?? 0),
      ]),
    );
  }
  if (after.dbLoads !== undefined) delta.dbLoads = after.dbLoads - (before.dbLoads ?? 0);
  return delta;
}

/** Hits (including negative hits) over all cache requests; undefined when not measured. */
export function hitRatio(counters: CacheCounters): number | undefined {
  if (!counters.requests) return undefined;
  const values = Object.entries(counters.requests);
  const total = values.reduce((sum, [, value]) => sum + value, 0);
  if (total === 0) return undefined;
  const hits = (counters.requests.hit ?? 0) + (counters.requests.negative_hit ?? 0);
  return hits / total;
}

/**
 * The upper bound (seconds) of the histogram bucket that holds the `quantile` of the samples in
 * cumulative `buckets` (by `le`): an upper bound of that quantile, as precise as the buckets.
 * Undefined with no samples.
 */
export function bucketBoundOf(
  buckets: Record<string, number>,
  quantile: number,
): number | undefined {
  const total = buckets['+Inf'] ?? 0;
  if (total === 0) return undefined;
  const bounds = Object.entries(buckets)
    .map(([le, count]) => [Number(le), count] as const)
    .sort((a, b) => a[0] - b[0]);
  return bounds.find(([, count]) => count >= quantile * total)?.[0];
}
