import type { RegisterOperation } from './register-operation.js';
import { countCompletedBefore, groupByKey } from './stale-reads.js';

/** Stale reads that one kind of write explains, and how stale the worst of them was. */
export interface StalenessSummary {
  staleReads: number;
  /** Largest staleness (ms); 0 with no stale read. */
  maxMs: number;
}

/**
 * Stale reads split by who made the write they missed: the app (through the API, which the
 * cache sees) or someone behind its back (`--external-writes`, which it learns of only from the
 * binlog, if at all).
 */
export interface StalenessReport {
  inApp: StalenessSummary;
  external: StalenessSummary;
}

interface CompletedWrite {
  completedAt: number;
  order: number;
  external: boolean;
}

/**
 * A read is stale after in-app writes when an in-app write that completed before it was invoked
 * had stored a higher version; otherwise it is stale after out-of-band writes when such a write
 * had. Its staleness is how long before the read began the first write it missed had completed:
 * the time the read's answer had been out of date, which is what a CDC invalidation's lag
 * bounds. (The version rule's `staleForMs` measures from the highest write instead, a lower figure.)
 */
export function measureStaleness(operations: readonly RegisterOperation[]): StalenessReport {
  const report: StalenessReport = {
    inApp: { staleReads: 0, maxMs: 0 },
    external: { staleReads: 0, maxMs: 0 },
  };
  for (const keyOperations of groupByKey(operations).values()) {
    const completed = completedWrites(keyOperations);
    // highest version among completed[0..i], over all writes and over the in-app ones
    const highest = runningMax(completed, () => true);
    const highestInApp = runningMax(completed, (write) => !write.external);
    for (const read of keyOperations) {
      if (read.kind !== 'read' || read.outcome !== 'ok' || read.order === undefined) continue;
      const observed = read.order;
      const before = countCompletedBefore(completed, read.invokedAt);
      if (before === 0 || highest[before - 1] <= observed) continue;
      const inApp = highestInApp[before - 1] > observed;
      const firstMissed = completed.find(
        (write) => write.order > observed && (!inApp || !write.external),
      )!;
      const summary = inApp ? report.inApp : report.external;
      summary.staleReads++;
      summary.maxMs = Math.max(summary.maxMs, read.invokedAt - firstMissed.completedAt);
    }
  }
  return report;
}

function completedWrites(operations: readonly RegisterOperation[]): CompletedWrite[] {
  const completed: CompletedWrite[] = [];
  for (const write of operations) {
    if (write.kind !== 'write' || write.outcome !== 'ok' || write.order === undefined) continue;
    completed.push({
      completedAt: write.completedAt,
      order: write.order,
      external: write.external === true,
    });
  }
  return completed.sort((a, b) => a.completedAt - b.completedAt);
}

function runningMax(
  completed: readonly CompletedWrite[],
  counts: (write: CompletedWrite) => boolean,
): number[] {
  let highest = -Infinity;
  return completed.map(
    (write) => (highest = counts(write) ? Math.max(highest, write.order) : highest),
  );
}
