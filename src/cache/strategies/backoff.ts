import { setTimeout as sleep } from 'node:timers/promises';

/** Exponential backoff: `firstMs`, doubling up to `maxMs`, never sleeping past `deadline`. */
export class Backoff {
  private nextMs: number;

  constructor(
    firstMs: number,
    private readonly maxMs: number,
    private readonly deadline: number,
  ) {
    this.nextMs = firstMs;
  }

  get expired(): boolean {
    return Date.now() >= this.deadline;
  }

  /** Sleeps for the next step; false (at once) when the deadline has passed. */
  async wait(): Promise<boolean> {
    const left = this.deadline - Date.now();
    if (left <= 0) return false;
    await sleep(Math.min(this.nextMs, left));
    this.nextMs = Math.min(this.nextMs * 2, this.maxMs);
    return true;
  }
}
