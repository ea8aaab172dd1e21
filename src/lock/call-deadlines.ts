import { monotonicNow } from './monotonic-clock.js';

/**
 * Something that must give up at `deadline` (monotonic ms) unless removed before. The links are
 * `CallDeadlines`' own: an entry is in at most one list and no set or node is allocated for it.
 */
export interface Deadline {
  readonly deadline: number;
  expire(): void;
  previousDue: Deadline | undefined;
  nextDue: Deadline | undefined;
}

/**
 * Deadlines of pending node calls behind one timer instead of one `setTimeout` per call: the
 * timer is armed for the earliest deadline and, when it fires, expires what is due and re-arms
 * for the next. Calls that finish in time are just unlinked from a list; a steady stream of
 * them costs a timer operation per timeout period rather than two per call (timers were the
 * largest share of the lock's own CPU time per acquire + release, a hashed set the next).
 */
export class CallDeadlines {
  private first: Deadline | undefined;
  private timer: NodeJS.Timeout | undefined;
  private armedFor = Number.POSITIVE_INFINITY;

  add(entry: Deadline): void {
    entry.previousDue = undefined;
    entry.nextDue = this.first;
    if (this.first) this.first.previousDue = entry;
    this.first = entry;
    if (entry.deadline < this.armedFor) this.arm(entry.deadline);
  }

  /** Removes `entry` (added before, and not yet removed or expired). */
  delete(entry: Deadline): void {
    const { previousDue, nextDue } = entry;
    if (previousDue) previousDue.nextDue = nextDue;
    else if (this.first === entry) this.first = nextDue;
    else return;
    if (nextDue) nextDue.previousDue = previousDue;
    entry.previousDue = entry.nextDue = undefined;
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
    let entry = this.first;
    while (entry) {
      const following = entry.nextDue;
      if (entry.deadline <= now) {
        this.delete(entry);
        entry.expire();
      } else if (entry.deadline < next) {
        next = entry.deadline;
      }
      entry = following;
    }
    if (next < Number.POSITIVE_INFINITY) this.arm(next);
  }
}
