import type { HeldResource } from './held-resource.js';

/**
 * Why a waiter woke: `released` (a release message, or the head before it gave up: try now),
 * `turn` (it became the head because the one before it acquired: the lock is held, so wait for
 * its release), `timer` (the fallback delay ran out: try now).
 */
export type WakeReason = 'released' | 'turn' | 'timer';

/** One caller of `lock()` waiting for its turn: woken by a release message, a timer or abort. */
export class Waiter {
  /** A hand-off in flight to this waiter: resolves with the lock, or `undefined` if it fell through. */
  offer: Promise<HeldResource | undefined> | undefined;
  private pending: WakeReason | undefined;
  private wakeUp: ((reason: WakeReason) => void) | undefined;

  constructor(
    readonly token: string,
    readonly ttlMs: number,
    readonly deadline: number,
  ) {}

  /** Waiting for a wake-up (not in the middle of an attempt of its own). */
  get sleeping(): boolean {
    return this.wakeUp !== undefined;
  }

  /** Ends the current `sleep` now, or makes the next one return at once. */
  wake(reason: WakeReason): void {
    if (this.pending !== 'released') this.pending = reason;
    this.wakeUp?.(this.pending);
  }

  /** Resolves when woken or after `ms`; rejects with the signal's reason on abort. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<WakeReason> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.pending) {
      const reason = this.pending;
      this.pending = undefined;
      return Promise.resolve(reason);
    }
    return new Promise<WakeReason>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wakeUp = undefined;
        this.pending = undefined;
      };
      const onAbort = (): void => {
        done();
        reject(signal!.reason as Error);
      };
      const timer = setTimeout(() => {
        done();
        resolve('timer');
      }, ms);
      this.wakeUp = (reason) => {
        done();
        resolve(reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/**
 * The callers in this process waiting for one resource, first come first served: only the head
 * contends on Redis, so local waiters neither stampede the nodes on every release nor overtake
 * each other (a new `lock()` joins the tail instead of barging in).
 */
export class WaitQueue {
  /** When the current run of hand-offs began; none since the last release to everyone. */
  handOffsSince: number | undefined;
  /** Unsubscribes once the queue has stayed empty for a while. */
  lingerTimer: NodeJS.Timeout | undefined;
  /** The release channel is subscribed. */
  ready = false;
  /** Release messages received so far. */
  releases = 0;
  /**
   * Until then (monotonic ms) the head lets other processes try first (see `Redlock.release`);
   * a release by another process ends it: they have had their turn.
   */
  sitOutUntil = 0;
  /** The token this process last released to everyone: its own release message. */
  ownRelease: string | undefined;
  /** Another process released since the head last looked (see `takeForeignRelease`). */
  private foreignRelease = false;
  private readonly waiters: Waiter[] = [];

  /** Settles when the release channel is subscribed (or the subscription gave up). */
  readonly subscribed: Promise<void>;

  constructor(subscribe: (onRelease: (released: string) => void) => Promise<void>) {
    this.subscribed = subscribe((released) => {
      this.releases++;
      if (released !== this.ownRelease) {
        this.sitOutUntil = 0;
        this.foreignRelease = true;
      }
      this.head?.wake('released');
    }).then(() => {
      this.ready = true;
    });
  }

  sittingOut(now: number): boolean {
    return this.sitOutUntil > now;
  }

  /** Whether another process released since the last call: its waiters race ours now. */
  takeForeignRelease(): boolean {
    const foreign = this.foreignRelease;
    this.foreignRelease = false;
    return foreign;
  }

  get head(): Waiter | undefined {
    return this.waiters[0];
  }

  get empty(): boolean {
    return this.waiters.length === 0;
  }

  join(waiter: Waiter): void {
    // A release heard while nobody waited is no race for a newcomer.
    if (this.waiters.length === 0) this.foreignRelease = false;
    this.waiters.push(waiter);
  }

  /**
   * Removes the waiter. A new head is woken: to wait for the release if the old head acquired
   * (`turn`), or to try at once if it gave up.
   */
  leave(waiter: Waiter, acquired: boolean): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    if (index === 0) this.waiters[0]?.wake(acquired ? 'turn' : 'released');
  }
}
