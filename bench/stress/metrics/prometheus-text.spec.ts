import { describe, expect, it } from '@jest/globals';
import { bucketBoundOf, counterDelta, hitRatio } from './cache-metrics.js';
import { sumByLabel } from './prometheus-text.js';

const text = `# HELP cache_requests_total Cache lookups
# TYPE cache_requests_total counter
cache_requests_total{entity="UserAuthInfo",result="hit"} 90
cache_requests_total{entity="Inventory",result="hit"} 5
cache_requests_total{entity="UserAuthInfo",result="miss"} 10
cache_requests_total_created{entity="UserAuthInfo",result="hit"} 1732240000
db_loads_total{entity="UserAuthInfo"} 12
`;

describe('Prometheus text', () => {
  it('sums a metric by label and tells an absent metric apart', () => {
    expect(sumByLabel(text, 'cache_requests_total', 'result')).toEqual(
      new Map([
        ['hit', 95],
        ['miss', 10],
      ]),
    );
    expect(sumByLabel(text, 'db_loads_total')).toEqual(new Map([['', 12]]));
    expect(sumByLabel(text, 'cache_fill_total')).toBeUndefined();
  });

  it('turns counters into a hit ratio over the workload alone', () => {
    const before = { requests: { hit: 10, miss: 10 }, dbLoads: 10 };
    const after = { requests: { hit: 100, miss: 20 }, dbLoads: 22 };
    const delta = counterDelta(before, after);
    expect(delta).toEqual({ requests: { hit: 90, miss: 10 }, dbLoads: 12 });
    expect(hitRatio(delta)).toBeCloseTo(0.9);
    expect(hitRatio({})).toBeUndefined();
  });

  it('bounds a quantile of a histogram by its bucket, over the workload alone', () => {
    const before = { cdcLagBuckets: { '0.01': 5, '0.05': 5, '0.1': 5, '+Inf': 5 } };
    const after = { cdcLagBuckets: { '0.01': 95, '0.05': 104, '0.1': 105, '+Inf': 105 } };
    const { cdcLagBuckets } = counterDelta(before, after);
    expect(cdcLagBuckets).toEqual({ '0.01': 90, '0.05': 99, '0.1': 100, '+Inf': 100 });
    expect(bucketBoundOf(cdcLagBuckets!, 0.5)).toBe(0.01);
    expect(bucketBoundOf(cdcLagBuckets!, 0.99)).toBe(0.05);
    expect(bucketBoundOf(cdcLagBuckets!, 1)).toBe(0.1);
    expect(bucketBoundOf({ '+Inf': 0 }, 0.99)).toBeUndefined();
  });
});
