import type { RedisLike } from './lock-scripts.js';

/**
 * Pub/sub subscriptions to the lock's release channels, one subscriber connection per node
 * (the release script publishes on every node it deletes from, so any one message suffices).
 * A channel is the full key name including the client's key prefix: ioredis does not prefix
 * channels, and the prefix keeps test runs and apps sharing a Redis apart.
 */
export class ReleaseNotifier {
  private readonly listeners = new Map<string, (released: string) => void>();

  constructor(
    private readonly subscribers: readonly RedisLike[],
    private readonly subscribeTimeoutMs: number,
  ) {
    for (const subscriber of subscribers) {
      subscriber.on('message', (channel: string, released: string) =>
        this.listeners.get(channel)?.(released),
      );
      subscriber.on('error', () => undefined);
    }
  }

  /**
   * Calls `listener` with the released token on every release message for `channel`. Resolves
   * once the subscription is
   * confirmed by the nodes that answer in time; never rejects (waiters then rely on timers).
   */
  async subscribe(channel: string, listener: (released: string) => void): Promise<void> {
    this.listeners.set(channel, listener);
    await Promise.race([
      Promise.allSettled(this.subscribers.map((subscriber) => subscriber.subscribe(channel))),
      new Promise((resolve) => setTimeout(resolve, this.subscribeTimeoutMs).unref()),
    ]);
  }

  unsubscribe(channel: string): void {
    this.listeners.delete(channel);
    for (const subscriber of this.subscribers) {
      subscriber.unsubscribe(channel).catch(() => undefined);
    }
  }

  close(): void {
    this.listeners.clear();
    for (const subscriber of this.subscribers) subscriber.disconnect();
  }
}
