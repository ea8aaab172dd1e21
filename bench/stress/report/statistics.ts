import type { OperationKind, OperationRecord } from '../history/operation-record.js';
import type { LatencySummary } from './strategy-result.js';

export function latencyByKind(
  records: readonly OperationRecord[],
): Partial<Record<OperationKind, LatencySummary>> {
  const byKind = new Map<OperationKind, number[]>();
  for (const record of records) {
    const list = byKind.get(record.kind) ?? [];
    list.push(record.completedAt - record.invokedAt);
    byKind.set(record.kind, list);
  }
  const summary: Partial<Record<OperationKind, LatencySummary>> = {};
  for (const [kind, latencies] of byKind) {
    latencies.sort((a, b) => a - b);
    summary[kind] = {
      count: latencies.length,
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
    };
  }
  return summary;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

export function errorsByStatus(records: readonly OperationRecord[]): Record<string, number> {
  const errors: Record<string, number> = {};
  for (const record of records) {
    if (record.outcome === 'ok') continue;
    const key = errorKey(record);
    errors[key] = (errors[key] ?? 0) + 1;
  }
  return errors;
}

/** The first error message seen for each kind and status, to say what the failures were. */
export function firstErrorMessages(records: readonly OperationRecord[]): Record<string, string> {
  const messages: Record<string, string> = {};
  for (const record of records) {
    if (record.outcome === 'ok' || record.error === undefined) continue;
    const key = errorKey(record);
    messages[key] ??= record.error;
  }
  return messages;
}

/** `write 503`, `read no response`; an out-of-band write by its outcome (it has no status). */
function errorKey(record: OperationRecord): string {
  if (record.external) return `external write ${record.outcome}`;
  return `${record.kind} ${record.status === 0 ? 'no response' : record.status}`;
}

/**
 * Consistency as Meta reports it: 1 − stale/reads, in nines (−log10 of the stale share). With no
 * stale read the measurement only bounds it: at least log10(reads) nines.
 */
export function consistencyText(staleReads: number, reads: number): string {
  if (reads === 0) return 'n/a';
  if (staleReads === 0) return `100% (≥${Math.log10(reads).toFixed(1)} nines)`;
  const share = staleReads / reads;
  const percent = (1 - share) * 100;
  return `${percent.toFixed(percent >= 99.99 ? 4 : 2)}% (${(-Math.log10(share)).toFixed(1)} nines)`;
}
