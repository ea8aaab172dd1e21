import { monotonicNow } from './monotonic-clock.js';

/** Something that must give up at `deadline` (monotonic ms) unless removed before. */
export interface Deadline {
  readonly deadline: number;
  expire(): void;
}

/**
 * Deadlines of pending node calls behind one timer instead of one `setTimeout` per call: the
 * timer is armed for the earliest deadline and, when it fires, expires what is due and re-arms
 * for the next. Calls that finish in time are just removed from a set; a steady stream of them
 * costs a timer operation per timeout period rather than two per call (timers were the largest
 * share of the lock's own CPU time per acquire + release).
 */
export class CallDeadlines {
  private readonly pending = new Set<Deadline>();
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  add(entry: Deadline): void {
    this.pending.add(entry);
    if (entry.deadline < this.armedFor) this.arm(entry.deadline);
  }

  delete(entry: Deadline): void {
    this.pending.delete(entry);
  }

  private arm(at: number): void {
    clearTimeout(this.timer);
    this.armedFor = at;
    // Unref'd: while a call is pending its connection keeps the process alive.
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - monotonicNow())).unref();
  }

  private fire(): void {
    this.timer = undefined;
    this.armedFor = Number.POSITIVE_INFINITY;
    const now = monotonicNow();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.pending) {
      if (entry.deadline <= now) {
        this.pending.delete(entry);
        entry.expire();
      } else if (entry.deadline < next) {
        next = entry.deadline;
      }
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}
