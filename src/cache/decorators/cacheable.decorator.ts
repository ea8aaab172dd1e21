import { SetMetadata } from '@nestjs/common';
import { recordingClass } from './decorated-classes.js';
import type { EntityClass } from '../config/cache-entity-config.interface.js';
import { CACHEABLE_METADATA } from '../cache.constants.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the decorated method's own arguments */
/** A method that returns one whole row (or null) by its key. */
export interface CacheableRowOptions<A extends any[] = any[]> {
  /** The cached entity (configured in cache-config.xml or with `@CacheEntity`). */
  entity: EntityClass;
  /** The row's key properties, from the method's arguments: `(userId) => ({ userId })`. */
  key: (...args: A) => object;
  /**
   * Conditions beyond the key, checked on the cached whole row after a hit (the post-filter): a
   * row that does not match is the method's "not found" (null). `(_id, where) => where`.
   */
  conditions?: (...args: A) => object | undefined;
  /**
   * The arguments that make the method load the whole row by its key alone, used on a miss so
   * that what is cached never depends on the caller's extra conditions. Default: the arguments
   * as given (right for a method that takes only the key).
   */
  loadArgs?: (...args: A) => unknown[];
  /**
   * The entity properties this call selects, when it selects only some (undefined: all). A
   * partial selection is never cached (`po-throws` decides: error, or warning and MySQL).
   */
  select?: (...args: A) => readonly string[] | undefined;
}

/**
 * A batch read: a method that takes a list of keys and returns the rows it found, in any order.
 * The cached call answers the rows found in the order asked: one MGET for the hits, one call of
 * the method for the misses (`loadArgs`), each miss filled under its own lease.
 */
export interface CacheableBatchOptions<
  A extends any[] = any[],
  K extends object = Record<string, any>,
> {
  entity: EntityClass;
  /** The keys of the rows asked for: `(userIds) => userIds.map((userId) => ({ userId }))`. */
  keys: (...args: A) => readonly K[];
  /** The arguments that make the method load exactly these rows, whole: `(keys) => [keys.map((k) => k.userId)]`. */
  loadArgs: (keys: K[]) => A;
  /** Conditions beyond the key, checked on every row (a row that does not match is left out). */
  conditions?: (...args: A) => object | undefined;
}

export type CacheableOptions<A extends any[] = any[]> =
  CacheableRowOptions<A> | CacheableBatchOptions<A>;

/**
 * Caches a query method by the entity's unique key: a hit costs one Redis round trip, a miss
 * loads MySQL once however many callers and processes ask, and fills only when the fill cannot
 * be stale. It attaches metadata only; `CacheExplorer` wraps the method at start-up.
 *
 * ```ts
 * @Cacheable<[userId: string, where?: UserConditions]>({
 *   entity: UserAuthInfo,
 *   key: (userId) => ({ userId }),
 *   conditions: (_userId, where) => where,
 *   loadArgs: (userId) => [userId],
 * })
 * findByUserId(userId: string, where: UserConditions = {}): Promise<UserAuthInfo | null>
 * ```
 *
 * With `keys` instead of `key`, a batch read (`CacheableBatchOptions`).
 */
export function Cacheable<A extends any[]>(options: CacheableRowOptions<A>): MethodDecorator;
export function Cacheable<A extends any[]>(options: CacheableBatchOptions<A>): MethodDecorator;
export function Cacheable(options: CacheableOptions): MethodDecorator {
  return recordingClass(SetMetadata(CACHEABLE_METADATA, options));
}
