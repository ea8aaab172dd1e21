/** The caller's turn did not come before its deadline. */
export class KeyedQueueTimeoutError extends Error {
  override readonly name = 'KeyedQueueTimeoutError';
}

/**
 * First come, first served per key inside one process: `run(keys, fn)` starts `fn` once every
 * earlier caller on any of `keys` has finished, or fails with `KeyedQueueTimeoutError` if that
 * does not happen within `timeoutMs`. Keys are taken in sorted order, so callers with
 * overlapping key sets never deadlock.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], fn: () => Promise<T>, timeoutMs = Infinity): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    const sorted = [...new Set(keys)].sort();
    const releases: (() => void)[] = [];
    try {
      for (const key of sorted) releases.push(await this.enter(key, deadline));
      return await fn();
    } finally {
      for (const release of releases) release();
    }
  }

  /** Waits for the key's current tail; resolves with the function that lets the next one in. */
  private async enter(key: string, deadline: number): Promise<() => void> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    let open!: () => void;
    const done = new Promise<void>((resolve) => (open = resolve));
    const tail = previous.then(() => done);
    this.tails.set(key, tail);
    const release = (): void => {
      open();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
    if (!(await settlesBefore(previous, deadline))) {
      // Keep the place in line, but pass the turn on as soon as it comes.
      void previous.then(release);
      throw new KeyedQueueTimeoutError(`no turn for ${key} before the deadline`);
    }
    return release;
  }
}

async function settlesBefore(promise: Promise<void>, deadline: number): Promise<boolean> {
  if (deadline === Infinity) return promise.then(() => true);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
  });
  try {
    return await Promise.race([promise.then(() => true), expired]);
  } finally {
    clearTimeout(timer);
  }
}
