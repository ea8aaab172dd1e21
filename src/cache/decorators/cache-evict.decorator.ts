import { SetMetadata } from '@nestjs/common';
import { recordingClass } from './decorated-classes.js';
import type { EntityClass } from '../config/cache-entity-config.interface.js';
import { CACHE_EVICT_METADATA } from '../cache.constants.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the decorated method's own arguments */
export interface CacheEvictOptions<A extends any[] = any[]> {
  entity: EntityClass;
  /** The keys of every row the method inserts, updates or deletes: `(userId) => [{ userId }]`. */
  keys: (...args: A) => readonly object[];
}

/**
 * Marks an insert, update or delete of cached rows. The method joins the caller's ambient
 * transaction (`@Transactional()`), or gets one of its own; it must write through
 * `TransactionHost.tx`. Under `lease`, the rows are marked as being written (voiding readers'
 * leases) before the method runs, and invalidated again after the outermost commit or rollback.
 * Attaches metadata only.
 *
 * ```ts
 * @CacheEvict({ entity: UserAuthInfo, keys: (userId) => [{ userId }] })
 * update(userId: string, patch: UserPatch): Promise<UserAuthInfo | null>
 * ```
 */
export function CacheEvict<A extends any[]>(options: CacheEvictOptions<A>): MethodDecorator {
  return recordingClass(SetMetadata(CACHE_EVICT_METADATA, options));
}
