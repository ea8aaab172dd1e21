/** Reflect-metadata key under which `@CacheEntity` stores its options on the entity class. */
export const CACHE_ENTITY_METADATA = 'consistent-cache:cache-entity';

/** Element and attribute names of cache-config.xml (the API contract; keep them exactly). */
export const XML_ROOT = 'cache-config';
export const XML_ENTITY = 'cache-entity';
export const XML_KEY_PROPERTIES = 'key-properties';
export const XML_ATTRIBUTES = {
  po: 'po',
  keyPrefix: 'key-prefix',
  poThrows: 'po-throws',
  keyExpire: 'key-expire',
  keyExpireTimeUnit: 'key-expire-time-unit',
} as const;

/** `key-prefix`: letters, digits, `_`, `.`, `-` (never `:` or braces, which delimit the key). */
export const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_.-]+$/;

/**
 * Prefixes that would collide with other keys of the contract: the distributed lock's keys are
 * `lock:{resource}`, exactly the shape of a cached row of prefix `lock`.
 */
export const RESERVED_KEY_PREFIXES: readonly string[] = ['lock'];

/** `po`: a class name, optionally package-qualified as in Java (`com.demo.po.AuthUser`). */
export const PO_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
