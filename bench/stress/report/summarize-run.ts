import type { KeyViolation, LinearizabilityReport } from '../checker/check-linearizability.js';
import type { FinalMismatch } from '../checker/final-mismatches.js';
import type { InventoryReport } from '../checker/inventory-invariants.js';
import type { StaleReadReport } from '../checker/stale-reads.js';
import type { StalenessReport } from '../checker/staleness.js';
import type { DriveResult } from '../driver/drive.js';
import type { FaultEvent } from '../faults/fault-injector.js';
import { bucketBoundOf, hitRatio, type CacheCounters } from '../metrics/cache-metrics.js';
import { errorsByStatus, firstErrorMessages, latencyByKind } from './statistics.js';
import type { StrategyResult } from './strategy-result.js';

/** What one strategy's run produced, checked: the input of its result row. */
export interface CheckedRun {
  strategy: StrategyResult['strategy'];
  cdc?: StrategyResult['cdc'];
  processes: number;
  revision: string | undefined;
  planned: number;
  run: DriveResult;
  /** The cache counters' growth over the run, all processes summed. */
  counters: CacheCounters;
  stale: StaleReadReport;
  staleness?: StalenessReport;
  /** Undefined when the tool does not know the apps' database. */
  mismatches: FinalMismatch[] | undefined;
  linearizability: LinearizabilityReport | undefined;
  inventory: InventoryReport | undefined;
  faults: readonly FaultEvent[];
  maxExamples: number;
}

/** The result row of one strategy, with a bounded number of examples of each problem. */
export function summarizeRun(checked: CheckedRun): StrategyResult {
  const { run, counters, stale, mismatches, linearizability } = checked;
  const durationMs = run.finishedAt - run.startedAt;
  const violations: KeyViolation[] = linearizability?.violations ?? [];
  return {
    strategy: checked.strategy,
    cdc: checked.cdc,
    processes: checked.processes,
    revision: checked.revision,
    operations: checked.planned,
    completed: run.records.length,
    truncated: run.truncated,
    durationMs,
    opsPerSecond: run.records.length / (durationMs / 1000),
    latencyMs: latencyByKind(run.records),
    cacheRequests: counters.requests,
    hitRatio: hitRatio(counters),
    dbLoads: counters.dbLoads,
    audits: counters.audits,
    cdcLag: counters.cdcLagBuckets && cdcLag(counters.cdcLagBuckets),
    reads: stale.reads,
    staleReads: stale.staleReads,
    staleness: checked.staleness,
    unexplainedReads: stale.unexplainedReads,
    finalMismatches: mismatches?.length,
    errorsByStatus: errorsByStatus(run.records),
    errorMessages: firstErrorMessages(run.records),
    linearizability: linearizability && {
      keysChecked: linearizability.keysChecked,
      linearizableKeys: linearizability.linearizableKeys,
      inconclusiveKeys: linearizability.inconclusiveKeys.length,
      violatingKeys: violations.length,
    },
    inventory: checked.inventory,
    faults: [...checked.faults],
    examples: {
      staleReads: stale.staleExamples,
      unexplainedReads: stale.unexplainedExamples,
      finalMismatches: (mismatches ?? []).slice(0, checked.maxExamples),
      linearizabilityViolations: violations.slice(0, 3),
    },
  };
}

function cdcLag(buckets: Record<string, number>): StrategyResult['cdcLag'] {
  const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : seconds * 1000);
  return {
    invalidations: buckets['+Inf'] ?? 0,
    p50Ms: ms(bucketBoundOf(buckets, 0.5)),
    p99Ms: ms(bucketBoundOf(buckets, 0.99)),
    maxMs: ms(bucketBoundOf(buckets, 1)),
    buckets,
  };
}
