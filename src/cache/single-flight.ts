/** One in-flight load that later callers of the same key may still join. */
export interface Flight {
  /**
   * Closes the flight to new callers. Call it before observing a state that a caller arriving
   * later must not be given (before the MySQL load): a caller that starts after a write
   * committed must never receive a row loaded before that commit.
   */
  seal(): void;
}

/** Per-process single flight: concurrent callers of one key share one `work`. */
export class SingleFlight<T> {
  private readonly flights = new Map<string, Promise<T>>();

  run(key: string, work: (flight: Flight) => Promise<T>): Promise<T> {
    const current = this.flights.get(key);
    if (current) return current;
    const entry: { promise?: Promise<T>; sealed: boolean } = { sealed: false };
    const seal = () => {
      if (entry.sealed) return;
      entry.sealed = true;
      if (entry.promise && this.flights.get(key) === entry.promise) this.flights.delete(key);
    };
    entry.promise = work({ seal }).finally(seal);
    if (!entry.sealed) this.flights.set(key, entry.promise);
    return entry.promise;
  }
}
