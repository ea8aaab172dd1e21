/** The base of every error the distributed lock throws; `resources` names what was locked. */
export class LockError extends Error {
  override name = 'LockError';
  constructor(
    message: string,
    readonly resources: readonly string[],
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** `tryLock` found the resource held by someone else. */
export class LockTakenError extends LockError {
  override name = 'LockTakenError';
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
  constructor(resources: readonly string[], reason: unknown) {
    super(`waiting for lock ${resources.join(', ')} was aborted`, resources, { cause: reason });
  }
}

export type LockLossReason = 'expired' | 'taken-over' | 'extension-failed' | 'extension-cap';

/** A held lock is gone (it expired, someone else owns it now, or it could not be extended). */
export class LockLostError extends LockError {
  override name = 'LockLostError';
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
  constructor(resources: readonly string[]) {
    super(`lock ${resources.join(', ')} is owned by someone else`, resources);
  }
}

/** What one Redis node answered when the quorum could not be reached. */
export interface NodeFailure {
  node: string;
  error: Error;
}

/** Too many nodes failed (errors or timeouts) for a quorum to be possible. */
export class LockQuorumError extends LockError {
  override name = 'LockQuorumError';
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
export function isLockUnavailable(
  error: unknown,
): error is LockTakenError | LockTimeoutError | LockQuorumError | LockLostError | FencedOutError {
  return (
    error instanceof LockTakenError ||
    error instanceof LockTimeoutError ||
    error instanceof LockQuorumError ||
    error instanceof LockLostError ||
    error instanceof FencedOutError
  );
}
