import type { HeldResource } from './held-resource.js';
import type { ExtendOutcome } from './lock-nodes.js';
import type { ReleaseOutcome } from './release-votes.js';
import type { LockLossReason } from './lock.errors.js';
import type { LockOptions } from './lock-options.js';

/**
 * What a `Mutex` needs from its Redlock: the operations on held resources. An interface, so that
 * `mutex.ts` does not import `redlock.ts` (which creates mutexes).
 */
export interface LockBackend {
  acquire(
    resources: readonly string[],
    options: Readonly<LockOptions>,
    wait: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; held: HeldResource[] }>;
  /** `handOff: false` for a lock known to be lost. */
  release(
    held: HeldResource,
    options: Readonly<LockOptions>,
    handOff?: boolean,
  ): Promise<ReleaseOutcome>;
  extend(held: HeldResource, ttlMs: number, options: Readonly<LockOptions>): Promise<ExtendOutcome>;
  owns(held: HeldResource, options: Readonly<LockOptions>): Promise<boolean>;
  /** Reports a lost lock (metrics). */
  lost(reason: LockLossReason): void;
}
