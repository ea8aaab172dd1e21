import type { CacheObserver, EntityMetrics } from './cache-observer.js';

export type { CacheRequestResult, EntityMetrics } from './cache-observer.js';

/**
 * The cache's counts, through the module's observer (`observer`, or `cacheMetrics` on
 * `metricsRegistry`, or none).
 */
export class CacheMetrics {
  constructor(private readonly observer: CacheObserver) {}

  forEntity(entity: string): EntityMetrics {
    return this.observer.forEntity(entity);
  }
}
