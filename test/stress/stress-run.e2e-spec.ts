import { describe, expect, it } from '@jest/globals';
import type { CacheStrategyName } from '../../src/config/app-config.interface.js';
import type { StrategyResult } from '../../bench/stress/report/strategy-result.js';
import { runStress } from '../../bench/stress/run-stress.js';
import { DEFAULT_OPTIONS, type StressOptions } from '../../bench/stress/stress-options.js';

/**
 * A short stress run of the real tool: 2 app processes started from source, a few thousand
 * operations, forced conditions that widen the stale-set window (a fill delay, hot keys). The
 * same workload must come out clean under `lease`, and dirty under `naive`, which shows that
 * the checker does catch staleness when there is some.
 */
const forcedConditions: StressOptions = {
  ...DEFAULT_OPTIONS,
  processes: 2,
  fromSource: true,
  operations: 2500,
  concurrency: 100,
  keys: 40,
  hotKeys: 4,
  hotRatio: 0.8,
  fillDelayMs: 30,
  settleMs: 300,
  linearizability: 'on',
  requestTimeoutMs: 20_000,
  maxDurationMs: 40_000,
  progress: false,
  seed: 20261122,
};

async function run(strategy: CacheStrategyName): Promise<StrategyResult> {
  const [result] = await runStress({ ...forcedConditions, strategies: [strategy] });
  return result;
}

describe('stress run (2 processes, forced stale-set conditions)', () => {
  it('lease: no stale read, no final mismatch, linearizable', async () => {
    const result = await run('lease');
    expect(result.completed).toBe(forcedConditions.operations);
    expect(result.reads).toBeGreaterThan(1000);
    expect(result.examples.staleReads).toEqual([]);
    expect(result.staleReads).toBe(0);
    expect(result.unexplainedReads).toBe(0);
    expect(result.finalMismatches).toBe(0);
    expect(result.linearizability?.violatingKeys).toBe(0);
  }, 90_000);

  it('naive: the checker catches the stale reads', async () => {
    const result = await run('naive');
    expect(result.completed).toBe(forcedConditions.operations);
    expect(result.staleReads).toBeGreaterThan(0);
    expect(result.examples.staleReads.length).toBeGreaterThan(0);
    expect(result.linearizability?.violatingKeys).toBeGreaterThan(0);
  }, 90_000);
});
