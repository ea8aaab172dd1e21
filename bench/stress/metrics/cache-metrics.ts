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
}

export async function scrapeCacheCounters(clients: readonly HttpClient[]): Promise<CacheCounters> {
  const texts = await Promise.all(
    clients.map(async (client) => {
      const response = await client.send('GET', '/metrics');
      return response.status === 200 && typeof response.body === 'string' ? response.body : '';
    }),
  );
  const counters: CacheCounters = {};
  for (const text of texts) {
    const requests = sumByLabel(text, 'cache_requests_total', 'result');
    if (requests) {
      counters.requests ??= {};
      for (const [result, value] of requests) {
        counters.requests[result] = (counters.requests[result] ?? 0) + value;
      }
    }
    const audits = sumByLabel(text, 'cache_audit_total', 'result');
    if (audits) {
      counters.audits ??= {};
      for (const [result, value] of audits) {
        counters.audits[result] = (counters.audits[result] ?? 0) + value;
      }
    }
    const loads = sumByLabel(text, 'db_loads_total');
    if (loads) counters.dbLoads = (counters.dbLoads ?? 0) + (loads.get('') ?? 0);
  }
  return counters;
}

/** What happened between two scrapes (the workload alone, without seeding or final reads). */
export function counterDelta(before: CacheCounters, after: CacheCounters): CacheCounters {
  const delta: CacheCounters = {};
  if (after.requests) {
    delta.requests = {};
    for (const [result, value] of Object.entries(after.requests)) {
      delta.requests[result] = value - (before.requests?.[result] ?? 0);
    }
  }
  if (after.audits) {
    delta.audits = {};
    for (const [result, value] of Object.entries(after.audits)) {
      delta.audits[result] = value - (before.audits?.[result] ?? 0);
    }
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
