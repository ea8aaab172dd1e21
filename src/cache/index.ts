/** The cache module's public API: what an app needs, no internals. */
export { CacheModule } from './cache.module.js';
export type { CacheModuleAsyncOptions } from './cache.module-definition.js';
export {
  CACHE_OPTION_DEFAULTS,
  type CacheModuleOptions,
  type CacheRedisClient,
} from './cache-module-options.interface.js';
export { cacheMetrics } from './cache.metrics.js';
export type {
  CacheCount,
  CacheObserver,
  CacheRequestResult,
  EntityMetrics,
} from './cache-observer.js';
export {
  Cacheable,
  type CacheableBatchOptions,
  type CacheableOptions,
  type CacheableRowOptions,
} from './decorators/cacheable.decorator.js';
export { CacheEvict, type CacheEvictOptions } from './decorators/cache-evict.decorator.js';
export { CacheEntity, type CacheEntityOptions } from './config/cache-entity.decorator.js';
export type {
  CacheEntityConfig,
  CacheExpire,
  EntityClass,
  TimeUnit,
} from './config/cache-entity-config.interface.js';
export { CacheConfigError } from './config/cache-config.error.js';
export * from './cache.errors.js';
export { CacheUnavailableFilter } from './cache-unavailable.filter.js';
export { CACHE_STRATEGY_NAMES, type CacheStrategyName } from './strategies/cache-strategy-name.js';
export { CacheCdc } from './cdc/cache-cdc.js';
export { BinlogSettingError } from './cdc/binlog-checks.js';
export type { CacheCdcConnection, CacheCdcMode, CacheCdcOptions } from './cdc/cdc-options.js';
export { cdcServerId } from './cdc/cdc-options.js';
