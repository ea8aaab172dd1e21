import type { Outcome } from '../history/operation-record.js';

/**
 * An operation on one key seen as a register with a monotonic position (`order`): for users the
 * row's `version`, for inventory the units sold so far (start stock − stock). Both grow with
 * every applied write, which is what makes "older than a completed write" decidable.
 */
export interface RegisterOperation {
  id: number;
  key: string;
  kind: 'read' | 'write';
  invokedAt: number;
  completedAt: number;
  outcome: Outcome;
  /** The position observed (reads) or produced (successful writes). */
  order?: number;
  /** The register's value: written (writes) or observed (reads); undefined when not tracked. */
  value?: string;
  /** A write made straight to MySQL, behind the app (`--external-writes`). */
  external?: boolean;
  /** How far an applied write moves `order`: 1 per user update, the quantity of a sale. */
  increment: number;
}

/** The state of a key before the run: its seeded position and value. */
export interface InitialRegister {
  order: number;
  value?: string;
  /** Largest position a key can reach (inventory: the start stock); none for users. */
  limit?: number;
}
