import type { HeldResource } from './held-resource.js';
import type { LockOptions } from './lock-options.js';

/**
 * Why a waiter woke: `released` (a release message, or the head before it gave up: try now),
 * `turn` (it became the head because the one before it acquired: the lock is held, so wait for
 * its release), `timer` (the fallback delay ran out: try now).
 */
export type WakeReason = 'released' | 'turn' | 'timer';

/** One caller of `lock()` waiting for its turn: woken by a release message, a timer or abort. */
export class Waiter {
  /** A hand-off in flight to this waiter: resolves with the lock, or `undefined` if it fell through. */
  private offer: Promise<HeldResource | undefined> | undefined;
  private pending: WakeReason | undefined;
  private wakeUp: ((reason: WakeReason) => void) | undefined;

  constructor(
    readonly token: string,
    /** The waiter's own options: a hand-off gives it their TTL, drift and fencing. */
    readonly options: Readonly<LockOptions>,
    readonly deadline: number,
  ) {}

  /** Waiting for a wake-up (not in the middle of an attempt of its own). */
  get sleeping(): boolean {
    return this.wakeUp !== undefined;
  }

  /** A hand-off is in flight to this waiter. */
  get offered(): boolean {
    return this.offer !== undefined;
  }

  /** Hands the lock (or a hand-off that may bring it) to this waiter, and wakes it. */
  hand(handed: Promise<HeldResource | undefined>): void {
    this.offer = handed;
    this.wake('released');
  }

  /** The hand-off in flight, if any, now taken (it will not be returned again). */
  takeOffer(): Promise<HeldResource | undefined> | undefined {
    const offer = this.offer;
    this.offer = undefined;
    return offer;
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
