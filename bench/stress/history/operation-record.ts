/** What the driver asked for. */
export type OperationKind = 'read' | 'write' | 'sell';

/**
 * What we know about an operation's effect: `ok` (2xx), `failed` (not applied) or `unknown` (it
 * may or may not have been applied).
 */
export type Outcome = 'ok' | 'failed' | 'unknown';

/** One operation of a run, as the driver saw it. Times are ms on the driver's monotonic clock. */
export interface OperationRecord {
  id: number;
  key: string;
  kind: OperationKind;
  /**
   * A write the tool sent straight to MySQL (`--external-writes`), not through the API; its
   * times are the tool's, around the statement. `target` is then the process it would have used.
   */
  external?: boolean;
  /** Index of the app process (target) that served it. */
  target: number;
  invokedAt: number;
  completedAt: number;
  /** HTTP status; 0 when no response came (connection error or timeout). */
  status: number;
  outcome: Outcome;
  /** Users: the row's `version` returned by a read or a write. Inventory reads: the row's `version`. */
  version?: number;
  /** Users: the nickname written (writes) or returned (reads) — the register's value. */
  nickname?: string;
  /** Inventory reads: the stock returned. */
  stock?: number;
  /** Sales: the quantity asked for, and the stock `left` that a successful sale returned. */
  quantity?: number;
  left?: number;
  error?: string;
}

/**
 * A 4xx was refused before anything was applied, and so was a 503: the app answers 503 only for a
 * write it would not start (Redis unreachable, the row's lock busy past its bound) or rolled back
 * (fenced, lock lost). Any other 5xx on a user write may come after the commit (e.g. a failed
 * post-commit invalidation), so its outcome is unknown, as is that of every operation that got
 * no response. A sale is all-or-nothing by contract: any error response means nothing was sold.
 * Treating these as not applied holds the app to its promise: the linearizability and inventory
 * checks fail if such a write did take effect.
 */
export function outcomeOf(status: number, kind: OperationKind): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  if (status === 0) return 'unknown';
  if ((status >= 400 && status < 500) || status === 503) return 'failed';
  return kind === 'sell' ? 'failed' : 'unknown';
}
