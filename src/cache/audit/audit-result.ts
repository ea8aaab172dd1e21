/** `result` of `cache_audit_total`. */
export type AuditResult = 'consistent' | 'in_flight' | 'stale';

/** Why a sampled hit was not audited (`cache_audit_skipped_total{reason}`). */
export type AuditSkip = 'busy' | 'failed';

/** One entity's audit counts: `cache_audit_total{result}`, `cache_audit_skipped_total{reason}`. */
export interface AuditCounts {
  readonly results: Readonly<Record<AuditResult, { inc(): void }>>;
  readonly skipped: Readonly<Record<AuditSkip, { inc(): void }>>;
}

/** What one audit saw, in the order it looked (docs/consistency.md, "Consistency audit"). */
export interface AuditObservation {
  /** The primary holds exactly what the hit returned (the same row, or no row for a `#nil`). */
  readonly samePrimaryRow: boolean;
  /** A writer of the row was in progress just before or just after the primary read. */
  readonly writerSeen: boolean;
  /** The cached value differed from the hit's just before or just after the primary read. */
  readonly cacheChanged: boolean;
  /**
   * At least how long before the hit the primary's current row was last written, from its
   * update time on the primary's own clock; undefined when that cannot be known (no update-time
   * column, or the row is gone).
   */
  readonly writtenBeforeHitMs: number | undefined;
}

/**
 * consistent: the primary has what the hit returned. in_flight: it has something else, but a
 * writer is or was just in progress, or the cache has changed since the hit, or the row's
 * update is not provably older than the hit by more than `commitAllowanceMs` (the longest a
 * writer's statement may precede its commit). stale: none of those; only then has the hit
 * returned an older row than one committed before it. Every doubt counts as in_flight, never
 * stale.
 */
export function classifyAudit(seen: AuditObservation, commitAllowanceMs: number): AuditResult {
  if (seen.samePrimaryRow) return 'consistent';
  if (seen.writerSeen || seen.cacheChanged) return 'in_flight';
  if (seen.writtenBeforeHitMs === undefined) return 'in_flight';
  return seen.writtenBeforeHitMs > commitAllowanceMs ? 'stale' : 'in_flight';
}
