import { Module } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadCacheConfig } from './config/load-cache-config.js';
import { CACHE_ENTITY_CONFIGS, CACHE_OPTIONS, CACHE_STRATEGY } from './cache.constants.js';
import { CACHE_MODULE_OPTIONS, ConfigurableCacheModule } from './cache.module-definition.js';
import { CacheEntityRegistry } from './cache-entity-registry.js';
import { CacheExplorer } from './cache.explorer.js';
import { CacheMetrics } from './cache-metrics.js';
import {
  resolveCacheOptions,
  type CacheModuleOptions,
  type ResolvedCacheOptions,
} from './cache-module-options.interface.js';
import { CacheProbe } from './cache-probe.js';
import { CacheRedis } from './cache-redis.js';
import { CacheStartupChecks } from './cache-startup-checks.js';
import { CacheUnavailableFilter } from './cache-unavailable.filter.js';
import type { CacheStrategy } from './strategies/cache-strategy.interface.js';
import { DeleteLockStrategy } from './strategies/delete-lock.strategy.js';
import { DoubleDeleteStrategy } from './strategies/double-delete.strategy.js';
import { LeaseStrategy } from './strategies/lease.strategy.js';
import { NaiveStrategy } from './strategies/naive.strategy.js';
import { NoneStrategy } from './strategies/none.strategy.js';
import { SeedLockStrategy } from './strategies/seed-lock.strategy.js';
import { CacheEntitySubscriber } from './writes/cache-entity.subscriber.js';
import { CacheWriter } from './writes/cache-writer.js';
import { CachedBatchInterceptor } from './interceptors/cached-batch.interceptor.js';
import { CachedReadInterceptor } from './interceptors/cached-read.interceptor.js';
import { CacheWriteInterceptor } from './interceptors/cache-write.interceptor.js';

const STRATEGIES = [
  NoneStrategy,
  NaiveStrategy,
  DoubleDeleteStrategy,
  SeedLockStrategy,
  DeleteLockStrategy,
  LeaseStrategy,
];

/**
 * Consistent caching of repository methods: `CacheModule.forRoot({ strategy, configPath, ... })`
 * or `forRootAsync`. Needs the TypeORM DataSource, the `REDIS_CLIENT`, the `METRICS_REGISTRY`
 * and `@nestjs-cls/transactional`'s `TransactionHost` in scope (the app's global modules
 * provide them).
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: CACHE_OPTIONS,
      inject: [CACHE_MODULE_OPTIONS],
      useFactory: (options: CacheModuleOptions) => resolveCacheOptions(options),
    },
    {
      provide: CACHE_ENTITY_CONFIGS,
      inject: [CACHE_OPTIONS, DataSource],
      useFactory: (options: ResolvedCacheOptions, dataSource: DataSource) =>
        options.entities ??
        loadCacheConfig({ file: options.configPath, entities: dataSource.entityMetadatas }),
    },
    ...STRATEGIES,
    {
      provide: CACHE_STRATEGY,
      inject: [CACHE_OPTIONS, ...STRATEGIES],
      useFactory: (options: ResolvedCacheOptions, ...strategies: CacheStrategy[]) =>
        strategies.find((strategy) => strategy.name === options.strategy),
    },
    CacheMetrics,
    CacheProbe,
    CacheRedis,
    CacheWriter,
    CacheEntitySubscriber,
    CacheStartupChecks,
    CacheEntityRegistry,
    CachedReadInterceptor,
    CachedBatchInterceptor,
    CacheWriteInterceptor,
    CacheExplorer,
    { provide: APP_FILTER, useClass: CacheUnavailableFilter },
  ],
  exports: [CACHE_OPTIONS, CACHE_STRATEGY, CacheProbe, CacheEntityRegistry],
})
export class CacheModule extends ConfigurableCacheModule {}
