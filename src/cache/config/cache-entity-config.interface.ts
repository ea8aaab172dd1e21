/** Milliseconds per `key-expire-time-unit` of cache-config.xml. */
export const TIME_UNIT_MS = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: 86_400_000,
} as const;
export type TimeUnit = keyof typeof TIME_UNIT_MS;

/** A cache TTL as cache-config.xml writes it: `key-expire` and `key-expire-time-unit`. */
export interface CacheExpire {
  /** A positive integer. */
  value: number;
  unit: TimeUnit;
}

/** Any entity class. */
export type EntityClass = abstract new (...args: never[]) => unknown;

/**
 * One cached entity after cache-config.xml and the entity decorator are merged and validated
 * against the TypeORM metadata. This is all the cache aspects need to know about an entity.
 */
export interface CacheEntityConfig {
  entity: EntityClass;
  /** The class name, as `po` names it in the XML. */
  entityName: string;
  /** `key-prefix`: unique across entities, `[A-Za-z0-9_.-]+`. */
  keyPrefix: string;
  /** `key-properties`: entity property names, in key order; together a unique index. */
  keyProperties: string[];
  /** Cache TTL in ms; undefined means the cache module's default. */
  ttlMs: number | undefined;
  /** `po-throws`: misuse is an error (true) or a warning and a cache bypass (false). */
  poThrows: boolean;
  /** Where it was configured, for messages: `cache-config.xml:3` or `@CacheEntity(UserAuthInfo)`. */
  source: string;
}
