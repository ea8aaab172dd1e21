import { LockLostError, LockNotOwnerError, LockQuorumError } from './lock.errors.js';
import type { LockOptions } from './lock-options.js';
import { LockKeeper } from './lock-keeper.js';
import { monotonicNow } from './monotonic-clock.js';
import type { HeldResource, Redlock } from './redlock.js';

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
  private held: HeldResource[] = [];
  private busy = false;

  constructor(
    private readonly redlock: Redlock,
    resources: string | readonly string[],
    readonly options: Readonly<LockOptions>,
  ) {
    this.resources = [...new Set(typeof resources === 'string' ? [resources] : resources)].sort();
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
    this.requireHeld();
    if (this.held.length !== 1) throw new Error('a multi-resource lock has one fence per resource');
    return this.held[0].fence;
  }

  /** The fencing token of each resource. */
  get fences(): ReadonlyMap<string, number> {
    this.requireHeld();
    return new Map(this.held.map((h) => [h.resource, h.fence]));
  }

  /** Monotonic-clock time (ms, `performance.now()`) until which the lock can be relied on. */
  get validUntil(): number {
    let until = Number.POSITIVE_INFINITY;
    for (const h of this.held) if (h.validUntil < until) until = h.validUntil;
    return this.token === undefined ? 0 : until;
  }

  /** Validity left, by the local monotonic clock; 0 when expired or not held. */
  get remainingMs(): number {
    return Math.max(0, this.validUntil - monotonicNow());
  }

  /** Acquires, waiting (woken by release messages) up to `waitTimeoutMs` and `tries`. */
  async lock(signal?: AbortSignal): Promise<this> {
    return this.acquire(true, signal);
  }

  /** One attempt, never waits: `LockTakenError` when someone else holds it. */
  async tryLock(): Promise<this> {
    return this.acquire(false, undefined);
  }

  /**
   * Releases (one attempt per node, no retries). `true` when released, `false` when the lock had
   * already expired; `LockNotOwnerError` when another owner holds it now.
   */
  async unlock(): Promise<boolean> {
    if (this.token === undefined) return false;
    const held = this.held;
    this.clear();
    const outcomes =
      held.length === 1
        ? [await this.redlock.release(held[0])]
        : await Promise.all(held.map((h) => this.redlock.release(h)));
    if (outcomes.includes('not-owner')) throw new LockNotOwnerError(this.resources);
    return outcomes.every((outcome) => outcome === 'released');
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
    const outcomes = await Promise.all(held.map((h) => this.redlock.extend(h, ttlMs)));
    if (this.token !== token) throw new LockLostError(this.resources, 'expired');
    const failed = outcomes.find((outcome) => !outcome.extended);
    if (!failed) {
      outcomes.forEach((outcome, index) => {
        if (outcome.extended) held[index].validUntil = outcome.validUntil;
      });
      return;
    }
    this.clear();
    this.redlock.reportLost(failed.reason);
    // Lost: released on the nodes where it may remain, never handed on.
    await Promise.allSettled(held.map((h) => this.redlock.release(h, false)));
    throw new LockLostError(
      this.resources,
      failed.reason === 'not-owner' ? 'taken-over' : 'expired',
    );
  }

  /** Whether a quorum of nodes still holds this acquisition and its validity has not run out. */
  async valid(): Promise<boolean> {
    if (this.token === undefined || this.remainingMs <= 0) return false;
    const owned = await Promise.all(this.held.map((h) => this.redlock.owns(h)));
    return owned.every(Boolean);
  }

  /**
   * Runs `work` under the lock: acquires (waiting), extends before expiry (up to `maxExtensions`
   * times), aborts `work`'s signal when the lock is lost, and releases. `work`'s own error always
   * wins over a release error. Resolves with `work`'s result only if the lock was held
   * throughout; otherwise rejects with `LockLostError`.
   */
  async using<T>(work: LockedWork<T>, options: UsingOptions = {}): Promise<T> {
    const { signal, wait = true } = options;
    await this.acquire(wait, signal);
    const controller = new AbortController();
    const forwardAbort = (): void => controller.abort(signal?.reason);
    signal?.addEventListener('abort', forwardAbort, { once: true });
    const keeper = new LockKeeper(this, this.redlock, controller);
    let result: T;
    try {
      result = await work(controller.signal, this);
    } catch (error) {
      keeper.stop();
      signal?.removeEventListener('abort', forwardAbort);
      await this.unlock().catch(() => undefined);
      throw error;
    }
    keeper.stop();
    signal?.removeEventListener('abort', forwardAbort);
    if (keeper.lost) {
      await this.unlock().catch(() => undefined);
      throw keeper.lost;
    }
    let released: boolean;
    try {
      released = await this.unlock();
    } catch (error) {
      // Unreachable nodes: the work finished within the lock's validity, and the keys expire.
      if (error instanceof LockQuorumError) return result;
      throw new LockLostError(this.resources, 'taken-over', error);
    }
    if (!released) {
      this.redlock.reportLost('expired');
      throw new LockLostError(this.resources, 'expired');
    }
    return result;
  }

  private async acquire(wait: boolean, signal: AbortSignal | undefined): Promise<this> {
    if (this.token !== undefined || this.busy)
      throw new Error(`mutex ${this.resources.join(', ')} is already locked by this handle`);
    this.busy = true;
    try {
      const { token, held } = await this.redlock.acquire(
        this.resources,
        this.options,
        wait,
        signal,
      );
      this.token = token;
      this.held = held;
      return this;
    } finally {
      this.busy = false;
    }
  }

  private clear(): void {
    this.token = undefined;
    this.held = [];
  }

  private requireHeld(): void {
    if (this.token === undefined)
      throw new Error(`mutex ${this.resources.join(', ')} is not locked`);
  }
}
