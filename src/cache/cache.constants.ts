/** Metadata of `@Cacheable` on a method (namespaced like the entity decorator's key). */
export const CACHEABLE_METADATA = 'consistent-cache:cacheable';
/** Metadata of `@CacheEvict` on a method. */
export const CACHE_EVICT_METADATA = 'consistent-cache:cache-evict';

/** The resolved module options (every default applied): `ResolvedCacheOptions`. */
export const CACHE_OPTIONS = Symbol('CACHE_OPTIONS');
/** The `CacheStrategy` selected by the options. */
export const CACHE_STRATEGY = Symbol('CACHE_STRATEGY');
/** The `CacheProbe` of the module: tests reach it through `testing.ts`, never the public index. */
export const CACHE_PROBE = Symbol('CACHE_PROBE');
/** The `CacheEntityConfig[]` in force (from cache-config.xml and `@CacheEntity`, or the options). */
export const CACHE_ENTITY_CONFIGS = Symbol('CACHE_ENTITY_CONFIGS');

/**
 * What a cached row key holds when MySQL has no such row. Rows are JSON objects and so always
 * start with `{`: the marker can never be mistaken for a row.
 */
export const NEGATIVE_MARKER = '#nil';
