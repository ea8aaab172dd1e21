import type { HeldResource } from './held-resource.js';
import type { WaitQueue } from './wait-queue.js';
import type { Waiter } from './waiter.js';

/** How a release passes the lock on (`docs/lock.md`, "Hand-off"). */
export type HandOffDecision =
  | { kind: 'in-process'; waiter: Waiter; handed: HeldResource }
  | { kind: 'script'; waiter: Waiter; fences: number }
  | undefined;

/** See `HandOffPolicy`: hand-offs follow each other for at most this long. */
const MAX_HAND_OFF_RUN_MS = 20;
/**
 * Fencing tokens reserved by an acquisition that may be handed on in-process: one for the
 * holder, 16 for hand-offs (more take a hand-off by script, which reserves a new block).
 */
export const FENCE_BLOCK = 17;

/**
 * Decides whether a release goes straight to the head of this process's queue: only to a head
 * asleep waiting, with no other hand-off in flight to it. In the process (no round trip: the key
 * stays as it is and the waiter takes the next reserved fencing token, if it needs one) while at
 * least half the waiter's TTL of validity is left; else by the hand-off script (fresh PX and
 * tokens). Runs of hand-offs last at most `maxRunMs`: then one release goes to everyone, so that
 * waiters of other processes (woken only by a release message) get their chance. A cap in time
 * rather than in count: with short holds a long run costs the others no more than a few long
 * holds, and every switch to another process costs wake-ups and round trips.
 */
export class HandOffPolicy {
  constructor(private readonly maxRunMs = MAX_HAND_OFF_RUN_MS) {}

  decide(held: HeldResource, queue: WaitQueue, now: number): HandOffDecision {
    const waiter = queue.head;
    if (!waiter?.sleeping || waiter.offered || waiter.deadline <= now) return undefined;
    if (!queue.continueHandOffs(now, this.maxRunMs)) return undefined;
    const { options } = waiter;
    const fenceLeft = !options.fencing || held.fence < held.lastFence;
    if (fenceLeft && held.validUntil - now >= options.ttlMs / 2) {
      const fence = options.fencing ? held.fence + 1 : held.fence;
      return { kind: 'in-process', waiter, handed: { ...held, fence } };
    }
    return { kind: 'script', waiter, fences: options.fencing ? FENCE_BLOCK : 0 };
  }
}
