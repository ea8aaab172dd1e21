export { CacheModule } from './cache.module.js';
export { CacheFenceTable1732240000001 } from './cache-fence.migration.js';
export type { CacheModuleOptions } from './cache-module-options.interface.js';
export { Cacheable, type CacheableOptions } from './decorators/cacheable.decorator.js';
export { CacheEvict, type CacheEvictOptions } from './decorators/cache-evict.decorator.js';
export { currentEntityManager, runInTransaction } from './transaction-scope.js';
export { CacheProbe, type CacheProbeHooks, type CacheProbePoint } from './cache-probe.js';
export * from './cache.errors.js';
