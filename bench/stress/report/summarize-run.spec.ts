import { describe, expect, it } from '@jest/globals';
import type { FinalMismatch } from '../checker/final-mismatches.js';
import { summarizeRun, type CheckedRun } from './summarize-run.js';

const checked: CheckedRun = {
  strategy: 'lease',
  processes: 3,
  revision: 'abc1234',
  planned: 4,
  run: { records: [], startedAt: 1000, finishedAt: 3000, truncated: true },
  counters: { requests: { hit: 3, miss: 1 }, dbLoads: 1 },
  stale: {
    reads: 2,
    staleReads: 0,
    staleExamples: [],
    unexplainedReads: 0,
    unexplainedExamples: [],
  },
  mismatches: Array.from({ length: 5 }, (_, index) => ({ key: String(index) }) as FinalMismatch),
  linearizability: undefined,
  inventory: undefined,
  faults: [],
  maxExamples: 2,
};

describe('summarizeRun', () => {
  it('turns a checked run into its result row, with bounded examples', () => {
    expect(summarizeRun(checked)).toMatchObject({
      strategy: 'lease',
      processes: 3,
      revision: 'abc1234',
      operations: 4,
      completed: 0,
      truncated: true,
      durationMs: 2000,
      opsPerSecond: 0,
      cacheRequests: { hit: 3, miss: 1 },
      hitRatio: 0.75,
      dbLoads: 1,
      reads: 2,
      finalMismatches: 5,
      linearizability: undefined,
      examples: { finalMismatches: [{ key: '0' }, { key: '1' }] },
    });
  });

  it('has no final comparison when the database is unknown', () => {
    expect(summarizeRun({ ...checked, mismatches: undefined })).toMatchObject({
      finalMismatches: undefined,
      examples: { finalMismatches: [] },
    });
  });

  it("shows the apps' CDC lag by its buckets, only when they export it", () => {
    expect(summarizeRun(checked).cdcLag).toBeUndefined();
    const cdcLagBuckets = { '0.01': 98, '0.05': 99, '1': 100, '+Inf': 100 };
    const counters = { ...checked.counters, cdcLagBuckets };
    expect(summarizeRun({ ...checked, counters }).cdcLag).toEqual({
      invalidations: 100,
      p50Ms: 10,
      p99Ms: 50,
      maxMs: 1000,
      buckets: cdcLagBuckets,
    });
  });
});
