import { performance } from 'node:perf_hooks';
import type { CacheProbe } from '../../src/cache/testing.js';

/**
 * When the binlog stream invalidated each row (the `afterCdcInvalidation` probe point, reached
 * once the row's write-end is done in Redis), on this process's `performance.now()` clock.
 */
export class InvalidationClock {
  private readonly times = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();

  constructor(probe: CacheProbe) {
    probe.install({
      afterCdcInvalidation: (rowKey) => {
        this.times.set(rowKey, performance.now());
        this.waiters.get(rowKey)?.();
        this.waiters.delete(rowKey);
      },
    });
  }

  /** The last invalidation of `rowKey` since `reset`. */
  at(rowKey: string): number | undefined {
    return this.times.get(rowKey);
  }

  reset(): void {
    this.times.clear();
  }

  /** Resolves at the next invalidation of `rowKey` (call before the write). */
  next(rowKey: string): Promise<void> {
    return new Promise((resolve) => this.waiters.set(rowKey, resolve));
  }
}
