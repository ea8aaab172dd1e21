import type { KeyViolation } from '../checker/check-linearizability.js';
import type { FinalMismatch } from '../checker/final-mismatches.js';
import type { InventoryReport } from '../checker/inventory-invariants.js';
import type { StaleRead, UnexplainedRead } from '../checker/stale-reads.js';
import type { StalenessReport } from '../checker/staleness.js';
import type { FaultEvent } from '../faults/fault-injector.js';
import type { OperationKind } from '../history/operation-record.js';
import type { CdcMode } from '../stress-options.js';

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
}

export interface LinearizabilitySummary {
  keysChecked: number;
  linearizableKeys: number;
  inconclusiveKeys: number;
  violatingKeys: number;
}

/** Everything measured and checked for one strategy. */
export interface StrategyResult {
  /** The strategy, with its CACHE_CDC when the run set it: `naive cdc=binlog`. */
  strategy: string;
  /** The apps' CACHE_CDC, when the run set it (`--cdc`). */
  cdc?: CdcMode;
  processes: number;
  /** The app code's commit (own apps only), see `sourceRevision`. */
  revision?: string;
  operations: number;
  completed: number;
  /** The time bound stopped the run early. */
  truncated: boolean;
  durationMs: number;
  opsPerSecond: number;
  latencyMs: Partial<Record<OperationKind, LatencySummary>>;
  /** From the apps' /metrics, for the workload alone; undefined when not exported. */
  cacheRequests?: Record<string, number>;
  hitRatio?: number;
  dbLoads?: number;
  /**
   * The apps' `cache_cdc_lag_seconds` over the workload and the settle time, both processes'
   * invalidations: how many, the bucket bounds (ms) of its p50, p99 and largest, and the
   * cumulative counts by `le` (seconds).
   */
  cdcLag?: {
    invalidations: number;
    p50Ms?: number;
    p99Ms?: number;
    maxMs?: number;
    buckets: Record<string, number>;
  };
  /** The apps' consistency audit (`CACHE_AUDIT_RATE` via `--app-env`) by result, if on. */
  audits?: Record<string, number>;
  reads: number;
  staleReads: number;
  /** The stale reads split by the kind of write they missed, with the largest staleness. */
  staleness?: StalenessReport;
  unexplainedReads: number;
  /** Undefined when there is no MySQL to compare with (running targets without a database). */
  finalMismatches?: number;
  /** Operations that did not succeed, by kind and HTTP status (`write 503`, `read no response`). */
  errorsByStatus: Record<string, number>;
  /** The first error message of each of those. */
  errorMessages: Record<string, string>;
  linearizability?: LinearizabilitySummary;
  inventory?: InventoryReport;
  faults: FaultEvent[];
  examples: {
    staleReads: StaleRead[];
    unexplainedReads: UnexplainedRead[];
    finalMismatches: FinalMismatch[];
    linearizabilityViolations: KeyViolation[];
  };
}
