/** How one `lock()`/`tryLock()` call ended. */
export type AcquireOutcome = 'acquired' | 'taken' | 'timeout' | 'aborted' | 'quorum_error';

/** `in-process`: no round trip, the key stays as it is; `script`: fresh expiry, one round trip. */
export type HandOffKind = 'in-process' | 'script';

/** Receives the lock's events; the Nest module turns them into Prometheus metrics. */
export interface LockObserver {
  /** `contended`: the caller found the lock held and had to wait or give up. */
  acquire(outcome: AcquireOutcome, seconds: number, contended: boolean): void;
  extend(ok: boolean): void;
  lost(reason: string): void;
  /** A release passed the lock to the next waiter of this process (`docs/lock.md`, "Hand-off"). */
  handOff?(kind: HandOffKind): void;
  /** A caller of this process has gone to sleep waiting for `resource` (tests use it as a hook). */
  sleeping?(resource: string): void;
}

export const NOOP_LOCK_OBSERVER: LockObserver = {
  acquire: () => undefined,
  extend: () => undefined,
  lost: () => undefined,
};
