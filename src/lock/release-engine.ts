import { HandOffPolicy } from './hand-off-policy.js';
import type { HeldResource } from './held-resource.js';
import type { ExtendOutcome, LockNodes } from './lock-nodes.js';
import type { ReleaseOutcome } from './release-votes.js';
import type { LockObserver } from './lock-observer.js';
import type { LockOptions } from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';
import type { ResourceQueues } from './resource-queues.js';
import type { WaitQueue } from './wait-queue.js';

/**
 * Releases and extensions of held locks. A release goes straight to the next waiter of this
 * process when the `HandOffPolicy` says so, else to every node (waking every process's
 * waiters). Every call uses the holder's own options (TTL, drift, node timeout).
 */
export class ReleaseEngine {
  private readonly policy = new HandOffPolicy();

  constructor(
    private readonly nodes: LockNodes,
    private readonly queues: ResourceQueues,
    private readonly observer: LockObserver,
    private readonly sitOutMs: number,
  ) {}

  /** `handOff: false` for a lock known to be lost: it is never passed on. */
  release(
    held: HeldResource,
    options: Readonly<LockOptions>,
    handOff = true,
  ): Promise<ReleaseOutcome> {
    this.queues.released(held);
    const queue = this.queues.get(held.resource);
    // Nobody of this process waits: straight to the nodes.
    if (!queue) return this.nodes.releaseOutcome(held.resource, held.value, options);
    return this.releaseQueued(held, options, handOff, queue);
  }

  private async releaseQueued(
    held: HeldResource,
    options: Readonly<LockOptions>,
    handOff: boolean,
    queue: WaitQueue,
  ): Promise<ReleaseOutcome> {
    if (handOff && (await this.handOff(held, queue))) return 'released';
    queue.releasing(held.value);
    const { outcome, listeners } = await this.nodes.release(held.resource, held.value, options);
    queue.released(listeners, monotonicNow(), this.sitOutMs);
    return outcome;
  }

  async extend(
    held: HeldResource,
    ttlMs: number,
    options: Readonly<LockOptions>,
  ): Promise<ExtendOutcome> {
    const outcome = await this.nodes.extend(held.resource, held.value, ttlMs, options);
    this.observer.extend(outcome.extended);
    return outcome;
  }

  /** Passes the lock to the head of the queue if the policy says so; whether it did. */
  private async handOff(held: HeldResource, queue: WaitQueue): Promise<boolean> {
    const decision = this.policy.decide(held, queue, monotonicNow());
    if (!decision) return false;
    const { waiter } = decision;
    if (decision.kind === 'in-process') {
      waiter.hand(Promise.resolve(this.queues.holding(decision.handed)));
      this.observer.handOff?.('in-process');
      return true;
    }
    // The waiter wakes now and awaits the script's answer instead of making an attempt.
    let settle!: (handed: HeldResource | undefined) => void;
    waiter.hand(new Promise((resolve) => (settle = resolve)));
    let handed: HeldResource | undefined;
    try {
      handed = await this.nodes.handOff(held.resource, held.value, waiter, decision.fences);
      if (handed) {
        this.queues.holding(handed);
        this.observer.handOff?.('script');
      }
    } finally {
      settle(handed);
    }
    return handed !== undefined;
  }
}
