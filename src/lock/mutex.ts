import type { HeldResource } from './held-resource.js';
import type { LockBackend } from './lock-backend.js';
import type { ReleaseOutcome } from './release-votes.js';
import { LockKeeper } from './lock-keeper.js';
import {
  LockLostError,
  LockNotOwnerError,
  LockQuorumError,
  LockUsageError,
} from './lock.errors.js';
import type { LockOptions } from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';

const NOT_HELD: readonly HeldResource[] = [];

/** The work done under a lock: `signal` aborts when the lock is lost (reason: `LockLostError`). */
export type LockedWork<T> = (signal: AbortSignal, mutex: Mutex) => Promise<T> | T;

export interface UsingOptions {
  /** Aborts the wait, and then the work. */
  signal?: AbortSignal;
  /** `false`: one attempt, `LockTakenError` when held elsewhere (default: wait). */
  wait?: boolean;
}

/**
 * A distributed mutex on one resource, or on several taken in sorted order. One handle holds at
 * most one acquisition at a time and can be locked again after `unlock()`.
 */
export class Mutex {
  readonly resources: readonly string[];
  private token: string | undefined;
  private held: readonly HeldResource[] = NOT_HELD;
  private busy = false;

  constructor(
    private readonly backend: LockBackend,
    resources: string | readonly string[],
    readonly options: Readonly<LockOptions>,
  ) {
    this.resources = typeof resources === 'string' ? [resources] : [...new Set(resources)].sort();
    if (this.resources.length === 0) throw new RangeError('a mutex needs at least one resource');
  }

  /** Whether this handle holds an acquisition (which may have expired since: see `remainingMs`). */
  get locked(): boolean {
    return this.token !== undefined;
  }

  /**
   * The value of the (first) key on the nodes: the random token of the acquisition that set it,
   * which a lock handed on within this process keeps.
   */
  get value(): string | undefined {
    return this.held[0]?.value;
  }

  /** The fencing token of a single-resource lock (see `fences` for several resources). */
  get fence(): number {
    this.requireFenced();
    if (this.held.length !== 1) {
      throw new LockUsageError('a multi-resource lock has one fence per resource', this.resources);
    }
    return this.held[0].fence;
  }

  /** The fencing token of each resource. */
  get fences(): ReadonlyMap<string, number> {
    this.requireFenced();
    return new Map(this.held.map((h) => [h.resource, h.fence]));
  }

  /** Monotonic-clock time (ms, `performance.now()`) until which the lock can be relied on. */
  get validUntil(): number {
    if (this.token === undefined) return 0;
    let until = Number.POSITIVE_INFINITY;
    for (const h of this.held) if (h.validUntil < until) until = h.validUntil;
    return until;
  }

  /** Validity left, by the local monotonic clock; 0 when expired or not held. */
  get remainingMs(): number {
    return Math.max(0, this.validUntil - monotonicNow());
  }

  /** Acquires, waiting (woken by release messages) up to `waitTimeoutMs` and `tries`. */
  lock(signal?: AbortSignal): Promise<this> {
    return this.acquire(true, signal);
  }

  /** One attempt, never waits: `LockTakenError` when someone else holds it. */
  tryLock(): Promise<this> {
    return this.acquire(false, undefined);
  }

  /**
   * Releases (one attempt per node, no retries). `true` when released, `false` when the lock had
   * already expired; `LockNotOwnerError` when another owner holds it now.
   */
  unlock(): Promise<boolean> {
    if (this.token === undefined) return Promise.resolve(false);
    const held = this.held;
    this.clear();
    if (held.length === 1) return this.backend.release(held[0], this.options).then(this.released);
    return Promise.all(held.map((h) => this.backend.release(h, this.options))).then((outcomes) => {
      if (outcomes.includes('not-owner')) throw new LockNotOwnerError(this.resources);
      return outcomes.every((outcome) => outcome === 'released');
    });
  }

  /**
   * Resets the expiry to `ttlMs`. `LockLostError` (and the handle is cleared) when the lock
   * expired or was taken over; `LockQuorumError` when too many nodes failed to answer (the lock
   * is kept until its current validity ends).
   */
  async extend(ttlMs = this.options.ttlMs): Promise<void> {
    const token = this.token;
    if (token === undefined) throw new LockLostError(this.resources, 'expired');
    const held = this.held;
    const outcomes = await Promise.all(
      held.map((h) => this.backend.extend(h, ttlMs, this.options)),
    );
    if (this.token !== token) throw new LockLostError(this.resources, 'expired');
    const failed = outcomes.find((outcome) => !outcome.extended);
    if (!failed) {
      outcomes.forEach((outcome, index) => {
        if (outcome.extended) held[index].validUntil = outcome.validUntil;
      });
      return;
    }
    this.clear();
    const reason = failed.reason === 'not-owner' ? 'taken-over' : 'expired';
    this.backend.lost(reason);
    // Lost: released on the nodes where it may remain, never handed on.
    await Promise.allSettled(held.map((h) => this.backend.release(h, this.options, false)));
    throw new LockLostError(this.resources, reason);
  }

  /** One resource's release outcome as `unlock` reports it. */
  private readonly released = (outcome: ReleaseOutcome): boolean => {
    if (outcome === 'not-owner') throw new LockNotOwnerError(this.resources);
    return outcome === 'released';
  };

  /** Whether a quorum of nodes still holds this acquisition and its validity has not run out. */
  async valid(): Promise<boolean> {
    if (this.token === undefined || this.remainingMs <= 0) return false;
    const owned = await Promise.all(this.held.map((h) => this.backend.owns(h, this.options)));
    return owned.every(Boolean);
  }

  /**
   * Runs `work` under the lock: acquires (waiting), extends before expiry (up to `maxExtensions`
   * times), aborts `work`'s signal when the lock is lost, and releases. `work`'s own error always
   * wins over a release error. Resolves with `work`'s result only if the lock was held
   * throughout; otherwise rejects with `LockLostError` (`docs/lock.md`, "`Mutex`").
   */
  async using<T>(work: LockedWork<T>, options: UsingOptions = {}): Promise<T> {
    const { signal, wait = true } = options;
    await this.acquire(wait, signal);
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const keeper = new LockKeeper(this, controller, (reason) => this.backend.lost(reason));
    let settled = false;
    try {
      const result = await work(controller.signal, this);
      keeper.stop();
      if (keeper.lost) throw keeper.lost;
      settled = true;
      await this.releaseAfterWork();
      return result;
    } finally {
      keeper.stop();
      signal?.removeEventListener('abort', forwardAbort);
      // `work` failed or the lock was lost: release what may remain, never hide that error.
      if (!settled) await this.unlock().catch(() => undefined);
    }
  }

  /** The release after successful work: only a lock found lost is an error. */
  private async releaseAfterWork(): Promise<void> {
    const released = await this.unlock().catch((error: unknown) => {
      // Unreachable nodes: the work finished within the lock's validity, and the keys expire.
      if (error instanceof LockQuorumError) return true;
      throw new LockLostError(this.resources, 'taken-over', error);
    });
    if (!released) {
      this.backend.lost('expired');
      throw new LockLostError(this.resources, 'expired');
    }
  }

  /** Not async: one promise layer less per acquisition (the uncontended path is counted in µs). */
  private acquire(wait: boolean, signal: AbortSignal | undefined): Promise<this> {
    if (this.token !== undefined || this.busy) {
      const message = `mutex ${this.resources.join(', ')} is already locked by this handle`;
      return Promise.reject(new LockUsageError(message, this.resources));
    }
    this.busy = true;
    return this.backend.acquire(this.resources, this.options, wait, signal).then(
      ({ token, held }) => {
        this.busy = false;
        this.token = token;
        this.held = held;
        return this;
      },
      (error: unknown) => {
        this.busy = false;
        throw error;
      },
    );
  }

  private clear(): void {
    this.token = undefined;
    this.held = NOT_HELD;
  }

  private requireFenced(): void {
    if (this.token === undefined) {
      throw new LockUsageError(`mutex ${this.resources.join(', ')} is not locked`, this.resources);
    }
    if (!this.options.fencing) {
      throw new LockUsageError(
        `mutex ${this.resources.join(', ')} was locked with fencing: false (no fencing token)`,
        this.resources,
      );
    }
  }
}
