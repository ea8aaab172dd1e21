export { CacheModule } from './cache.module.js';
export type { CacheModuleOptions } from './cache-module-options.interface.js';
export { Cacheable, type CacheableOptions } from './decorators/cacheable.decorator.js';
export { CacheEvict, type CacheEvictOptions } from './decorators/cache-evict.decorator.js';
export { CacheProbe, type CacheProbeHooks, type CacheProbePoint } from './cache-probe.js';
export * from './cache.errors.js';
