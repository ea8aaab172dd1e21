import type { InitialRegister, RegisterOperation } from './register-operation.js';

/** A read that returned an older position than a write that had completed before it began. */
export interface StaleRead {
  readId: number;
  key: string;
  observed: number;
  /** The highest position written by a write that completed before the read was invoked. */
  expectedAtLeast: number;
  writeId: number;
  /** How long before the read was invoked that write had completed (ms). */
  staleForMs: number;
  /** When the read was invoked, on the run's clock (ms): to line it up with the faults. */
  readInvokedAt: number;
}

/** A read whose position or value no write can explain. */
export interface UnexplainedRead {
  readId: number;
  key: string;
  observed: number;
  reason: 'never-written' | 'from-the-future' | 'wrong-value';
}

export interface StaleReadReport {
  /** Successful reads checked. */
  reads: number;
  staleReads: number;
  staleExamples: StaleRead[];
  unexplainedReads: number;
  unexplainedExamples: UnexplainedRead[];
}

interface CompletedWrite {
  completedAt: number;
  order: number;
  id: number;
}

/**
 * The version rule, per key. A read is stale when its position is lower than that of a write
 * which completed (2xx) before the read was invoked: in any linearizable system the read must
 * see that write or a later one. A write that errored or timed out may or may not have been
 * applied, and we never learn its position, so it is never evidence against a read — but it can
 * explain a read of a position that no successful write returned. Strict `<` on the times: a
 * write that overlaps the read in any way is concurrent, and either result is legal.
 */
export function findStaleReads(
  operations: readonly RegisterOperation[],
  initial: ReadonlyMap<string, InitialRegister>,
  maxExamples = 10,
): StaleReadReport {
  const report: StaleReadReport = {
    reads: 0,
    staleReads: 0,
    staleExamples: [],
    unexplainedReads: 0,
    unexplainedExamples: [],
  };
  for (const [key, keyOperations] of groupByKey(operations)) {
    checkKey(key, keyOperations, initial.get(key), report, maxExamples);
  }
  report.staleExamples.sort((a, b) => a.readId - b.readId);
  report.unexplainedExamples.sort((a, b) => a.readId - b.readId);
  return report;
}

function checkKey(
  key: string,
  operations: RegisterOperation[],
  initial: InitialRegister | undefined,
  report: StaleReadReport,
  maxExamples: number,
): void {
  const okWrites = operations.filter(
    (operation) =>
      operation.kind === 'write' && operation.outcome === 'ok' && operation.order !== undefined,
  );
  const completed = okWrites
    .map((write): CompletedWrite => ({
      completedAt: write.completedAt,
      order: write.order!,
      id: write.id,
    }))
    .sort((a, b) => a.completedAt - b.completedAt);
  // highest[i]: the completed write with the highest position among completed[0..i]
  const highest: CompletedWrite[] = [];
  for (const write of completed) {
    const previous = highest[highest.length - 1];
    highest.push(previous && previous.order >= write.order ? previous : write);
  }
  const writerOf = new Map(okWrites.map((write) => [write.order!, write]));
  const firstUnknownInvoke = operations.reduce(
    (first, operation) =>
      operation.kind === 'write' && operation.outcome === 'unknown'
        ? Math.min(first, operation.invokedAt)
        : first,
    Infinity,
  );

  for (const read of operations) {
    if (read.kind !== 'read' || read.outcome !== 'ok' || read.order === undefined) continue;
    report.reads++;
    const before = countCompletedBefore(completed, read.invokedAt);
    const bound = before > 0 ? highest[before - 1] : undefined;
    if (bound && bound.order > read.order) {
      report.staleReads++;
      if (report.staleExamples.length < maxExamples) {
        report.staleExamples.push({
          readId: read.id,
          key,
          observed: read.order,
          expectedAtLeast: bound.order,
          writeId: bound.id,
          staleForMs: read.invokedAt - bound.completedAt,
          readInvokedAt: read.invokedAt,
        });
      }
    }
    const reason = unexplained(read, initial, writerOf.get(read.order), firstUnknownInvoke);
    if (reason) {
      report.unexplainedReads++;
      if (report.unexplainedExamples.length < maxExamples) {
        report.unexplainedExamples.push({ readId: read.id, key, observed: read.order, reason });
      }
    }
  }
}

function unexplained(
  read: RegisterOperation,
  initial: InitialRegister | undefined,
  writer: RegisterOperation | undefined,
  firstUnknownInvoke: number,
): UnexplainedRead['reason'] | undefined {
  const order = read.order!;
  if (initial && order === initial.order) {
    return read.value !== undefined && initial.value !== undefined && read.value !== initial.value
      ? 'wrong-value'
      : undefined;
  }
  if (writer) {
    if (writer.invokedAt > read.completedAt) return 'from-the-future';
    if (read.value !== undefined && writer.value !== undefined && read.value !== writer.value) {
      return 'wrong-value';
    }
    return undefined;
  }
  const aboveStart = !initial || order > initial.order;
  // a write of unknown outcome, invoked before the read returned, may have produced this position
  return aboveStart && firstUnknownInvoke < read.completedAt ? undefined : 'never-written';
}

/** Number of writes in `completed` (sorted by completion) that completed strictly before `time`. */
export function countCompletedBefore(
  completed: readonly { completedAt: number }[],
  time: number,
): number {
  let low = 0;
  let high = completed.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (completed[middle].completedAt < time) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function groupByKey<T extends { key: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.key);
    if (group) group.push(item);
    else groups.set(item.key, [item]);
  }
  return groups;
}
