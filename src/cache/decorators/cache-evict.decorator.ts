import { SetMetadata } from '@nestjs/common';
import type { EntityClass } from '../config/cache-entity-config.interface.js';
import { CACHE_EVICT_METADATA } from '../cache.constants.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the decorated method's own arguments */
export interface CacheEvictOptions<A extends any[] = any[]> {
  entity: EntityClass;
  /** The keys of every row the method inserts, updates or deletes: `(userId) => [{ userId }]`. */
  keys: (...args: A) => readonly object[];
  /**
   * True (default): the aspect runs the method in a transaction of its own, which the method
   * joins with `runInTransaction`/`currentEntityManager`, so that the write is fenced and
   * checked before commit. False for a method that manages its own transaction (and its own
   * fencing): the aspect then only locks and invalidates around it.
   */
  transaction?: boolean;
}

/**
 * Marks an insert, update or delete of cached rows: under `lease` the rows' delete-cache locks
 * are taken (voiding readers' leases) before the method, its MySQL write is fenced, and the rows
 * are invalidated again after commit or rollback. Attaches metadata only.
 *
 * ```ts
 * @CacheEvict({ entity: UserAuthInfo, keys: (userId) => [{ userId }] })
 * update(userId: string, patch: UserPatch): Promise<UserAuthInfo | null>
 * ```
 */
export function CacheEvict<A extends any[]>(options: CacheEvictOptions<A>): MethodDecorator {
  return SetMetadata(CACHE_EVICT_METADATA, options);
}
