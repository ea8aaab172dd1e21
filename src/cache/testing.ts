/**
 * The cache's testing entry: what the library's own tests and benchmarks reach for (the probe
 * that forces interleavings, the key layout, the resolved options, the Redis view). Not part of
 * the public API (`index.ts`); only `test/` and `bench/` may import it.
 */
export { CACHE_OPTIONS, CACHE_PROBE, NEGATIVE_MARKER } from './cache.constants.js';
export type { CacheProbe, CacheProbeHooks, CacheProbePoint } from './cache-probe.js';
export { cacheKeys, type CacheKeys } from './cache-keys.js';
export type { ResolvedCacheOptions } from './cache-module-options.interface.js';
export { CacheRedis, type LeaseReply } from './cache-redis.js';
export { loadCacheConfig } from './config/load-cache-config.js';
export { findAmbiguousKeyCollations } from './config/key-collations.js';
export type { BinlogStream } from './cdc/binlog-stream.js';
export { CacheAuditor, type CacheAuditorHooks } from './audit/cache-auditor.js';
