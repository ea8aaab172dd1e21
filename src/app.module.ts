import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import type { AppConfig } from './config/app-config.interface.js';
import { APP_CONFIG } from './config/app-config.constants.js';
import { CacheModule, CacheUnavailableFilter, type CacheRedisClient } from './cache/index.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { LockModule, LockUnavailableFilter } from './lock/index.js';
import { METRICS_REGISTRY } from './metrics/metrics.constants.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { REDIS_CLIENT } from './redis/redis.constants.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

/** The validated configuration, for the demo's own providers (`@Inject(APP_CONFIG)`). */
@Global()
@Module({})
class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}

@Module({})
export class AppModule {
  /** The whole demo application for one validated configuration (see `loadAppConfig`). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        DatabaseModule.forRoot(config.mysql),
        RedisModule.forRoot(config.redis),
        LockModule.forRootAsync({
          inject: [METRICS_REGISTRY],
          useFactory: (metricsRegistry: Registry) => ({
            redisUrls: config.lockRedisUrls,
            // Only REDIS_CLUSTER_NODES set (LOCK_REDIS_URLS left at REDIS_URL): the lock runs on
            // the cluster too, rather than on a REDIS_URL nobody configured.
            clusterNodes: lockOnCluster(config) ? config.redis.clusterNodes : undefined,
            keyPrefix: config.redis.keyPrefix,
            defaults: { ttlMs: config.lockTtlMs },
            metricsRegistry,
          }),
        }),
        MetricsModule,
        CacheModule.forRootAsync({
          inject: [REDIS_CLIENT, DataSource, METRICS_REGISTRY],
          useFactory: (redis: CacheRedisClient, dataSource: DataSource, registry: Registry) => ({
            redis,
            dataSource,
            metricsRegistry: registry,
            strategy: config.cacheStrategy,
            configPath: config.cacheConfigPath,
            debugFillDelayMs: config.cacheDebugFillDelayMs,
            doubleDeleteDelayMs: config.cacheDoubleDeleteDelayMs,
            cdc: config.cacheCdc,
            audit: { rate: config.cacheAuditRate },
          }),
        }),
        ScheduleModule.forRoot(),
        HealthModule,
        UsersModule,
        InventoryModule,
      ],
      providers: [
        // Lock busy or lost, or a cached write Redis cannot protect, in an HTTP handler: 503
        // with Retry-After.
        { provide: APP_FILTER, useClass: LockUnavailableFilter },
        { provide: APP_FILTER, useClass: CacheUnavailableFilter },
      ],
    };
  }
}

function lockOnCluster(config: AppConfig): boolean {
  const { lockRedisUrls, redis } = config;
  return !!redis.clusterNodes && lockRedisUrls.length === 1 && lockRedisUrls[0] === redis.url;
}
