import type { TimeUnit } from './cache-entity-config.interface.js';

/** A cache TTL as cache-config.xml writes it: `key-expire` and `key-expire-time-unit`. */
export interface CacheExpire {
  /** A positive integer. */
  value: number;
  unit: TimeUnit;
}

/** The settings of `@CacheEntity`: the same as a `<cache-entity>` of cache-config.xml. */
export interface CacheEntityOptions {
  /** `key-prefix`: unique across entities, `[A-Za-z0-9_.-]+`. */
  keyPrefix: string;
  /** `key-properties`: entity properties, in key order, that together form a unique index. */
  keyProperties: readonly string[];
  /** `key-expire` + `key-expire-time-unit`; omitted means the cache module's default TTL. */
  expire?: CacheExpire;
  /** `po-throws`; omitted means true. */
  poThrows?: boolean;
}
