/**
 * First come, first served per key inside one process: `run(keys, fn)` starts `fn` once every
 * earlier caller on any of `keys` has finished. Keys are taken in sorted order, so callers with
 * overlapping key sets never deadlock. Writers of one row then contend in Redis one per process,
 * instead of all polling at once and starving the unlucky ones.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.enter(key));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Waits for the key's current tail; resolves with the function that lets the next one in. */
  private async enter(key: string): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    await previous;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
