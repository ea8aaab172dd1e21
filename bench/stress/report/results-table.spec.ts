import { describe, expect, it } from '@jest/globals';
import { renderMarkdown, renderTerminal, resultsTable } from './results-table.js';
import type { StrategyResult } from './strategy-result.js';
import { svgChart } from './svg-chart.js';

const base: StrategyResult = {
  strategy: 'naive',
  processes: 3,
  operations: 1000,
  completed: 1000,
  truncated: false,
  durationMs: 2000,
  opsPerSecond: 500,
  latencyMs: { read: { count: 700, p50: 1.25, p99: 9.5 }, write: { count: 300, p50: 3, p99: 20 } },
  cacheRequests: { hit: 600, miss: 100 },
  hitRatio: 600 / 700,
  dbLoads: 100,
  reads: 700,
  staleReads: 7,
  unexplainedReads: 0,
  finalMismatches: 2,
  errorsByStatus: { 'write 503': 4 },
  errorMessages: { 'write 503': 'lock not acquired' },
  faults: [],
  examples: {
    staleReads: [],
    unexplainedReads: [],
    finalMismatches: [],
    linearizabilityViolations: [],
  },
};

describe('resultsTable', () => {
  it('splits the stale reads by the writes they missed when the run had out-of-band writes', () => {
    expect(resultsTable([base]).header).not.toContain('stale after out-of-band (max)');
    const withCdc: StrategyResult = {
      ...base,
      strategy: 'lease cdc=binlog',
      staleness: { inApp: { staleReads: 0, maxMs: 0 }, external: { staleReads: 3, maxMs: 41.6 } },
      cdcLag: { invalidations: 120, p50Ms: 5, p99Ms: 50, maxMs: 100, buckets: {} },
    };
    const table = resultsTable([withCdc]);
    const column = (title: string) => table.rows[0][table.header.indexOf(title)];
    expect(column('strategy')).toBe('lease cdc=binlog');
    expect(column('stale after in-app writes (max)')).toBe('0');
    expect(column('stale after out-of-band (max)')).toBe('3 (42 ms)');
    expect(column('CDC lag p99 / max ms')).toBe('≤50 / ≤100');
    expect(resultsTable([{ ...withCdc, cdcLag: undefined }]).rows[0]).toContain('n/a');
    expect(column('consistency')).toMatch(/%/);
  });

  it('shows one row per strategy, and n/a for what the apps do not export', () => {
    const lease: StrategyResult = {
      ...base,
      strategy: 'lease',
      hitRatio: undefined,
      dbLoads: undefined,
      cacheRequests: undefined,
      staleReads: 0,
      finalMismatches: 0,
      errorsByStatus: {},
      errorMessages: {},
      linearizability: {
        keysChecked: 10,
        linearizableKeys: 10,
        inconclusiveKeys: 0,
        violatingKeys: 0,
      },
    };
    const table = resultsTable([base, lease]);
    expect(table.rows[0]).toEqual([
      'naive',
      '500',
      '1.3 / 9.5',
      '3.0 / 20.0',
      '85.7%',
      '100',
      '7 / 700',
      '99.00% (2.0 nines)',
      '2',
      'not checked',
      'write 503: 4',
    ]);
    expect(table.rows[1].slice(4, 11)).toEqual([
      'n/a',
      'n/a',
      '0 / 700',
      '100% (≥2.8 nines)',
      '0',
      '10/10',
      'none',
    ]);
    expect(renderMarkdown(table).split('\n')).toHaveLength(4);
    expect(renderTerminal(table).split('\n')[0]).toMatch(/^strategy\s+ops\/s/);
  });

  it('draws a chart with a bar per strategy in each panel', () => {
    const svg = svgChart([base, { ...base, strategy: 'lease', staleReads: 0 }], 'a & b');
    expect(svg).toMatch(/^<svg /);
    expect(svg).toContain('a &amp; b');
    expect(svg.match(/<rect x=/g)).toHaveLength(4);
  });
});
