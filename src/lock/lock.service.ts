import { Injectable } from '@nestjs/common';
import type { LockOptions } from './lock-options.js';
import type { LockedWork, Mutex, UsingOptions } from './mutex.js';
import { Redlock } from './redlock.js';

export type LockCallOptions = Partial<LockOptions> & UsingOptions;

/** The distributed lock for Nest code; see `Redlock` and `Mutex` for the semantics. */
@Injectable()
export class LockService {
  constructor(readonly redlock: Redlock) {}

  /** A handle on one resource, or several taken in sorted order. */
  mutex(resources: string | readonly string[], options?: Partial<LockOptions>): Mutex {
    return this.redlock.mutex(resources, options);
  }

  /** Acquires (waiting) and returns the held mutex. */
  lock(
    resources: string | readonly string[],
    options: Partial<LockOptions> & { signal?: AbortSignal } = {},
  ): Promise<Mutex> {
    const { signal, ...lockOptions } = options;
    return this.redlock.mutex(resources, lockOptions).lock(signal);
  }

  /** One attempt; `LockTakenError` when held elsewhere. */
  tryLock(resources: string | readonly string[], options?: Partial<LockOptions>): Promise<Mutex> {
    return this.redlock.mutex(resources, options).tryLock();
  }

  /** Runs `work` under the lock, extended automatically, aborted if lost (see `Mutex.using`). */
  using<T>(
    resources: string | readonly string[],
    work: LockedWork<T>,
    options: LockCallOptions = {},
  ): Promise<T> {
    const { signal, wait, ...lockOptions } = options;
    return this.redlock.mutex(resources, lockOptions).using(work, { signal, wait });
  }
}
