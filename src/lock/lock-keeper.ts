import { LockLostError, type LockLossReason } from './lock.errors.js';
import { retryDelayMs, type LockOptions } from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';

/** What `LockKeeper` keeps alive (a `Mutex`; an interface so that the two files do not cycle). */
export interface KeptLock {
  readonly resources: readonly string[];
  readonly options: Readonly<LockOptions>;
  readonly validUntil: number;
  extend(): Promise<void>;
}

/**
 * Keeps a lock alive for `Mutex.using`: extends it when `extendBeforeExpiryMs` of validity is
 * left, retries a failed extension while validity remains, and when the lock is lost (refused
 * extension, validity run out, extension cap reached) aborts the work with `LockLostError`
 * (`docs/lock.md`, "Auto-extension").
 */
export class LockKeeper {
  lost: LockLostError | undefined;
  private extendTimer: NodeJS.Timeout | undefined;
  private expiryTimer: NodeJS.Timeout | undefined;
  private extensions = 0;
  private lastError: unknown;
  private stopped = false;

  constructor(
    private readonly lock: KeptLock,
    private readonly controller: AbortController,
    /** Told of a loss the keeper detected itself (a refused extension is reported by `extend`). */
    private readonly reportLost: (reason: LockLossReason) => void,
  ) {
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.extendTimer);
    clearTimeout(this.expiryTimer);
  }

  private schedule(): void {
    const { options } = this.lock;
    const remaining = this.lock.validUntil - monotonicNow();
    const capped = this.extensions >= options.maxExtensions;
    clearTimeout(this.expiryTimer);
    this.expiryTimer = setTimeout(
      () => {
        const reason = capped ? 'extension-cap' : 'extension-failed';
        this.lose(new LockLostError(this.lock.resources, reason, this.lastError));
      },
      Math.max(0, remaining),
    );
    if (capped) return;
    const before = options.extendBeforeExpiryMs ?? options.ttlMs / 3;
    this.extendTimer = setTimeout(() => void this.extend(1), Math.max(0, remaining - before));
  }

  private async extend(attempt: number): Promise<void> {
    try {
      await this.lock.extend();
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof LockLostError) return this.lose(error);
      // Nodes unreachable for now: retry while the current validity lasts (the expiry timer
      // ends it if none succeeds).
      this.lastError = error;
      const remaining = this.lock.validUntil - monotonicNow();
      const delay = Math.min(retryDelayMs(this.lock.options, attempt), remaining / 2);
      this.extendTimer = setTimeout(() => void this.extend(attempt + 1), Math.max(0, delay));
      return;
    }
    if (this.stopped) return;
    this.extensions++;
    this.lastError = undefined;
    this.schedule();
  }

  private lose(error: LockLostError): void {
    if (this.stopped) return;
    this.lost = error;
    this.stop();
    if (error.reason === 'extension-cap' || error.reason === 'extension-failed') {
      this.reportLost(error.reason);
    }
    this.controller.abort(error);
  }
}
