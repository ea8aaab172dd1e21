import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { loadCacheConfig } from './config/load-cache-config.js';
import {
  CACHE_ENTITY_CONFIGS,
  CACHE_OPTIONS,
  CACHE_PROBE,
  CACHE_STRATEGY,
} from './cache.constants.js';
import {
  CACHE_MODULE_OPTIONS,
  cacheOptionsModule,
  type CacheModuleAsyncOptions,
} from './cache.module-definition.js';
import { CacheEntityRegistry } from './cache-entity-registry.js';
import { initializedDataSource } from './cache-data-source.js';
import { CacheExplorer } from './cache.explorer.js';
import { CacheMetrics } from './cache-metrics.js';
import { cacheMetrics } from './cache.metrics.js';
import { NOOP_CACHE_OBSERVER } from './cache-observer.js';
import {
  resolveCacheOptions,
  type CacheModuleOptions,
  type ResolvedCacheOptions,
} from './cache-module-options.interface.js';
import { CacheProbe } from './cache-probe.js';
import { CacheRedis } from './cache-redis.js';
import { CacheStartupChecks } from './cache-startup-checks.js';
import { CachedBatchInterceptor } from './interceptors/cached-batch.interceptor.js';
import { CachedReadInterceptor } from './interceptors/cached-read.interceptor.js';
import { CachedReads } from './interceptors/cached-reads.js';
import { CacheWriteInterceptor } from './interceptors/cache-write.interceptor.js';
import type { CacheStrategy } from './strategies/cache-strategy.interface.js';
import { loadStrategy } from './strategies/load-strategy.js';
import { CacheEntitySubscriber } from './writes/cache-entity.subscriber.js';
import { CacheWriter } from './writes/cache-writer.js';
import { CacheCdc } from './cdc/cache-cdc.js';
import { OwnWrites } from './writes/own-writes.js';
import { CacheAuditor } from './audit/cache-auditor.js';
import { PrimaryReads } from './replication/primary-reads.js';

/**
 * Consistent caching of repository methods: `CacheModule.forRoot({ redis, dataSource,
 * strategy, configPath, ... })` or `forRootAsync`. Takes its Redis client and DataSource from
 * the options; needs `@nestjs-cls/transactional`'s `TransactionHost` in scope (docs/consistency.md,
 * "Transactions"). Counts go to `observer` or `metricsRegistry` when given.
 * `CacheUnavailableFilter` (503 + Retry-After) is exported for the app to install.
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
      provide: DataSource,
      inject: [CACHE_MODULE_OPTIONS],
      useFactory: initializedDataSource,
    },
    {
      provide: CacheRedis,
      inject: [CACHE_MODULE_OPTIONS],
      useFactory: (options: CacheModuleOptions) => new CacheRedis(options.redis),
    },
    {
      provide: CacheMetrics,
      inject: [CACHE_MODULE_OPTIONS],
      useFactory: ({ observer, metricsRegistry }: CacheModuleOptions) =>
        new CacheMetrics(
          observer ?? (metricsRegistry ? cacheMetrics(metricsRegistry) : NOOP_CACHE_OBSERVER),
        ),
    },
    {
      provide: CACHE_ENTITY_CONFIGS,
      inject: [CACHE_OPTIONS, DataSource],
      useFactory: (options: ResolvedCacheOptions, dataSource: DataSource) =>
        options.entities ??
        loadCacheConfig({ file: options.configPath, entities: dataSource.entityMetadatas }),
    },
    {
      provide: CACHE_STRATEGY,
      inject: [CacheRedis, CACHE_PROBE, CACHE_OPTIONS],
      useFactory: loadStrategy,
    },
    { provide: CACHE_PROBE, useClass: CacheProbe },
    {
      provide: OwnWrites,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new OwnWrites(dataSource),
    },
    CacheWriter,
    CacheEntitySubscriber,
    CacheStartupChecks,
    CacheEntityRegistry,
    CachedReads,
    CachedReadInterceptor,
    CachedBatchInterceptor,
    CacheWriteInterceptor,
    CacheExplorer,
    {
      provide: PrimaryReads,
      inject: [DataSource],
      useFactory: (dataSource: DataSource) => new PrimaryReads(dataSource),
    },
    {
      provide: CacheAuditor,
      inject: [CacheRedis, DataSource, CacheEntityRegistry, CacheMetrics, CACHE_OPTIONS],
      useFactory: (
        redis: CacheRedis,
        dataSource: DataSource,
        registry: CacheEntityRegistry,
        metrics: CacheMetrics,
        options: ResolvedCacheOptions,
      ) =>
        new CacheAuditor(
          redis.client,
          dataSource,
          registry.all(),
          (entity) => metrics.forAudit(entity),
          options,
        ),
    },
    {
      provide: CacheCdc,
      inject: [
        CACHE_MODULE_OPTIONS,
        CacheEntityRegistry,
        CacheRedis,
        CACHE_STRATEGY,
        CACHE_PROBE,
        OwnWrites,
      ],
      useFactory: (
        options: CacheModuleOptions,
        registry: CacheEntityRegistry,
        redis: CacheRedis,
        strategy: CacheStrategy,
        probe: CacheProbe,
        ownWrites: OwnWrites,
      ) =>
        new CacheCdc({
          cdc: options.cdc,
          entities: registry.all(),
          dataSource: options.dataSource,
          redis: redis.client,
          strategy,
          probe,
          ownWrites,
          metricsRegistry: options.metricsRegistry,
        }),
    },
  ],
})
export class CacheModule {
  static forRoot(options: CacheModuleOptions): DynamicModule {
    return {
      module: CacheModule,
      providers: [{ provide: CACHE_MODULE_OPTIONS, useValue: options }],
    };
  }

  static forRootAsync(options: CacheModuleAsyncOptions): DynamicModule {
    return { module: CacheModule, imports: [cacheOptionsModule(options)] };
  }
}
