import type { CacheStrategy, MissOutcome, ReadMiss } from './cache-strategy.interface.js';

/** No cache at all: every read is a MySQL load. The baseline. */
export class NoneStrategy implements CacheStrategy {
  readonly name = 'none';
  readonly usesCache = false;
  readonly singleFlight = false;

  async miss(read: ReadMiss): Promise<MissOutcome> {
    return { row: (await read.load()).row, result: 'bypass' };
  }

  async beginWrite(): Promise<void> {}

  endWrite(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
