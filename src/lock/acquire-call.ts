import {
  LockAbortedError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
} from './lock.errors.js';
import type { AcquireOutcome } from './lock-observer.js';
import type { LockOptions } from './lock-options.js';

/** The state of one `lock()` call across its resources and attempts. */
export class AcquireCall {
  readonly deadline: number;
  attempts = 0;
  contended = false;
  retryAfterMs = 0;
  lastQuorumError: LockQuorumError | undefined;

  constructor(
    readonly resources: readonly string[],
    readonly token: string,
    readonly options: Readonly<LockOptions>,
    readonly started: number,
    readonly signal: AbortSignal | undefined,
  ) {
    this.deadline = started + options.waitTimeoutMs;
  }

  /** The error of a call that ran out of time or tries: the last quorum error, if any. */
  timeout(): Error {
    return (
      this.lastQuorumError ?? new LockTimeoutError(this.resources, this.attempts, this.retryAfterMs)
    );
  }

  checkTriesLeft(): void {
    if (this.attempts >= this.options.tries) throw this.timeout();
  }
}

/** A wait ended by the caller's signal is `LockAbortedError` (unless it timed out first). */
export function failureOf(error: unknown, call: AcquireCall): unknown {
  if (
    call.signal?.aborted &&
    !(error instanceof LockTimeoutError || error instanceof LockQuorumError)
  ) {
    return new LockAbortedError(call.resources, call.signal.reason);
  }
  return error;
}

export function outcomeOf(error: unknown): AcquireOutcome {
  if (error instanceof LockTakenError) return 'taken';
  if (error instanceof LockAbortedError) return 'aborted';
  if (error instanceof LockQuorumError) return 'quorum_error';
  return 'timeout';
}
