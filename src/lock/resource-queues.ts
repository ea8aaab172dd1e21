import type { HeldResource } from './held-resource.js';
import { lockKey } from './lock-keys.js';
import type { ReleaseNotifier } from './release-notifier.js';
import { monotonicNow } from './monotonic-clock.js';
import { WaitQueue } from './wait-queue.js';

/**
 * This process's view of its resources: the wait queue of each resource someone waits for, and
 * the latest local holder of each (so that a newcomer queues behind a local holder rather than
 * make a doomed attempt).
 */
export class ResourceQueues {
  private readonly queues = new Map<string, WaitQueue>();
  private readonly holders = new Map<string, HeldResource>();
  private notifier: ReleaseNotifier | undefined;

  constructor(
    /** Prepended to channels: ioredis does not prefix them, the release script publishes the full key. */
    private readonly keyPrefix: string,
    private readonly createNotifier: () => ReleaseNotifier,
  ) {}

  get(resource: string): WaitQueue | undefined {
    return this.queues.get(resource);
  }

  /** The queue of `resource`, created (and subscribing) if there is none. */
  open(resource: string): WaitQueue {
    let queue = this.queues.get(resource);
    if (!queue) {
      this.notifier ??= this.createNotifier();
      queue = new WaitQueue(this.keyPrefix + lockKey(resource), this.notifier, (drained) => {
        if (this.queues.get(resource) === drained) this.queues.delete(resource);
      });
      this.queues.set(resource, queue);
    }
    return queue;
  }

  /** Records `held` as this process's holder of its resource. */
  holding(held: HeldResource): HeldResource {
    this.holders.set(held.resource, held);
    return held;
  }

  released(held: HeldResource): void {
    if (this.holders.get(held.resource) === held) this.holders.delete(held.resource);
  }

  /** Whether a caller of this process holds the resource (by its validity, not asking Redis). */
  heldHere(resource: string): boolean {
    const holder = this.holders.get(resource);
    if (!holder) return false;
    if (holder.validUntil > monotonicNow()) return true;
    this.holders.delete(resource); // expired without a release: a forgotten handle
    return false;
  }

  close(): void {
    for (const queue of this.queues.values()) queue.close();
    this.queues.clear();
    this.holders.clear();
    this.notifier?.close();
    this.notifier = undefined;
  }
}
