/**
 * The base of every error the lock module throws. `code` is stable (match on it rather than on
 * the message); `resources` names what was locked (empty when no resource is involved).
 */
export class LockError extends Error {
  override name = 'LockError';
  readonly code: string = 'LOCK_ERROR';
  constructor(
    message: string,
    readonly resources: readonly string[] = [],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `tryLock` found the resource held by someone else. */
export class LockTakenError extends LockError {
  override name = 'LockTakenError';
  override readonly code = 'LOCK_TAKEN';
  constructor(
    resources: readonly string[],
    /** How long the current holder's key still lives on the nodes (a hint for a retry). */
    readonly retryAfterMs: number,
  ) {
    super(`lock ${resources.join(', ')} is held by another owner`, resources);
  }
}

/** `lock` gave up: the wait deadline passed or the tries ran out. */
export class LockTimeoutError extends LockError {
  override name = 'LockTimeoutError';
  override readonly code = 'LOCK_TIMEOUT';
  constructor(
    resources: readonly string[],
    readonly attempts: number,
    readonly retryAfterMs: number,
    cause?: unknown,
  ) {
    super(
      `lock ${resources.join(', ')} not acquired after ${attempts} attempt(s)`,
      resources,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** The caller's `AbortSignal` fired while waiting; `cause` is the signal's reason. */
export class LockAbortedError extends LockError {
  override name = 'LockAbortedError';
  override readonly code = 'LOCK_ABORTED';
  constructor(resources: readonly string[], reason: unknown) {
    super(`waiting for lock ${resources.join(', ')} was aborted`, resources, { cause: reason });
  }
}

export type LockLossReason = 'expired' | 'taken-over' | 'extension-failed' | 'extension-cap';

/** A held lock is gone (it expired, someone else owns it now, or it could not be extended). */
export class LockLostError extends LockError {
  override name = 'LockLostError';
  override readonly code = 'LOCK_LOST';
  constructor(
    resources: readonly string[],
    readonly reason: LockLossReason,
    cause?: unknown,
  ) {
    super(
      `lock ${resources.join(', ')} lost (${reason})`,
      resources,
      cause === undefined ? undefined : { cause },
    );
  }
}

/** `unlock`/`extend` found the key owned by another token: this handle is not the owner. */
export class LockNotOwnerError extends LockError {
  override name = 'LockNotOwnerError';
  override readonly code = 'LOCK_NOT_OWNER';
  constructor(resources: readonly string[]) {
    super(`lock ${resources.join(', ')} is owned by someone else`, resources);
  }
}

/** A node that did not answer within `nodeTimeoutMs`: counts as failed for that call. */
export class NodeTimeoutError extends LockError {
  override name = 'NodeTimeoutError';
  override readonly code = 'LOCK_NODE_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A handle used the wrong way (locked twice, asked for a fence it does not have...). */
export class LockUsageError extends LockError {
  override name = 'LockUsageError';
  override readonly code = 'LOCK_USAGE';
}

/** What one Redis node answered when the quorum could not be reached. */
export interface NodeFailure {
  node: string;
  error: Error;
}

/** Too many nodes failed (errors or timeouts) for a quorum to be possible. */
export class LockQuorumError extends LockError {
  override name = 'LockQuorumError';
  override readonly code = 'LOCK_QUORUM';
  constructor(
    resources: readonly string[],
    readonly quorum: number,
    readonly nodeCount: number,
    readonly failures: readonly NodeFailure[],
  ) {
    super(
      `lock ${resources.join(', ')}: quorum ${quorum} of ${nodeCount} unreachable (` +
        failures.map((failure) => `${failure.node}: ${failure.error.message}`).join('; ') +
        ')',
      resources,
      { cause: new AggregateError(failures.map((failure) => failure.error)) },
    );
  }
}

/**
 * A write conditional on a fencing token was refused: a newer lock holder has already written,
 * so this (older) holder's lock must have expired and been taken over.
 */
export class FencedOutError extends LockError {
  override name = 'FencedOutError';
  override readonly code = 'LOCK_FENCED_OUT';
  constructor(
    resource: string,
    readonly token: number,
    readonly currentFence: number,
  ) {
    super(
      `write to ${resource} with fencing token ${token} refused: token ${currentFence} already wrote`,
      [resource],
    );
  }
}

/** The errors that mean "the lock was not available now; the same request may succeed later". */
export type LockUnavailableError =
  LockTakenError | LockTimeoutError | LockQuorumError | LockLostError | FencedOutError;

export function isLockUnavailable(error: unknown): error is LockUnavailableError {
  return (
    error instanceof LockTakenError ||
    error instanceof LockTimeoutError ||
    error instanceof LockQuorumError ||
    error instanceof LockLostError ||
    error instanceof FencedOutError
  );
}
