/** One caller of `lock()` waiting for its turn: woken by a release message, a timer or abort. */
export class Waiter {
  private woken = false;
  private wakeUp: (() => void) | undefined;

  /** Ends the current `sleep` now, or makes the next one return at once. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Resolves when woken or after `ms`; rejects with the signal's reason on abort. */
  sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.wakeUp = undefined;
        this.woken = false;
      };
      const onAbort = (): void => {
        done();
        reject(signal!.reason as Error);
      };
      const timer = setTimeout(() => {
        done();
        resolve();
      }, ms);
      this.wakeUp = () => {
        done();
        resolve();
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
  private readonly waiters: Waiter[] = [];

  constructor(
    /** Settles when the release channel is subscribed (or the subscription gave up). */
    readonly subscribed: Promise<void>,
  ) {}

  get head(): Waiter | undefined {
    return this.waiters[0];
  }

  get empty(): boolean {
    return this.waiters.length === 0;
  }

  join(waiter: Waiter): void {
    this.waiters.push(waiter);
  }

  /** Removes the waiter; a new head is woken to make its attempt. */
  leave(waiter: Waiter): void {
    const index = this.waiters.indexOf(waiter);
    if (index < 0) return;
    this.waiters.splice(index, 1);
    if (index === 0) this.waiters[0]?.wake();
  }
}
