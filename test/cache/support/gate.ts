/**
 * A barrier for forcing interleavings without sleeps: a request that reaches the probe point
 * calls `pass()` and stays there until the test calls `open()`; the test awaits `reached`.
 */
export class Gate {
  readonly reached: Promise<void>;
  private markReached!: () => void;
  private release!: () => void;
  private readonly released: Promise<void>;

  constructor() {
    this.reached = new Promise((resolve) => (this.markReached = resolve));
    this.released = new Promise((resolve) => (this.release = resolve));
  }

  /** The hook body: signals arrival, then waits for `open()`. */
  pass = (): Promise<void> => {
    this.markReached();
    return this.released;
  };

  open(): void {
    this.release();
  }
}

/** A hook that holds the first arrival at `key` in the gate and lets everything else through. */
export function holdOnce(gate: Gate, key: string): (rowKey: string) => Promise<void> {
  let used = false;
  return (rowKey) => {
    if (used || rowKey !== key) return Promise.resolve();
    used = true;
    return gate.pass();
  };
}

/** A point a test waits to see reached, without holding anyone there. */
export class Signal {
  readonly reached: Promise<void>;
  private markReached!: () => void;

  constructor() {
    this.reached = new Promise((resolve) => (this.markReached = resolve));
  }

  fire(): void {
    this.markReached();
  }

  /** A hook that signals when `key` passes. */
  at(key: string): (rowKey: string) => void {
    return (rowKey) => {
      if (rowKey === key) this.markReached();
    };
  }
}

/** Counts arrivals per key at a probe point; a test awaits the n-th arrival of a key. */
export class ArrivalLog {
  private readonly counts = new Map<string, number>();
  private readonly waiters: { key: string; n: number; resolve: () => void }[] = [];

  /** The hook body. */
  hook = (rowKey: string): void => {
    const count = (this.counts.get(rowKey) ?? 0) + 1;
    this.counts.set(rowKey, count);
    for (const waiter of this.waiters.filter((w) => w.key === rowKey && w.n <= count)) {
      this.waiters.splice(this.waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  };

  /** Resolves once `key` has arrived `n` times in all (at once if it already has). */
  arrival(key: string, n: number): Promise<void> {
    if ((this.counts.get(key) ?? 0) >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ key, n, resolve }));
  }
}
