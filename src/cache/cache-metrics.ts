import type { AuditCounts } from './audit/audit-result.js';
import type { CacheObserver, EntityMetrics } from './cache-observer.js';

const IGNORED = { inc: () => undefined };
const UNCOUNTED_AUDIT: AuditCounts = {
  results: { consistent: IGNORED, in_flight: IGNORED, stale: IGNORED },
  skipped: { busy: IGNORED, failed: IGNORED },
};

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

  /** The audit's counts, or none when the observer does not take them. */
  forAudit(entity: string): AuditCounts {
    return this.observer.forAudit?.(entity) ?? UNCOUNTED_AUDIT;
  }
}
