import type { DynamicModule } from '@nestjs/common';
import type { Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  CacheModule,
  type CacheModuleOptions,
  type CacheRedisClient,
} from '../../../src/cache/index.js';
import { METRICS_REGISTRY } from '../../../src/metrics/metrics.constants.js';
import { REDIS_CLIENT } from '../../../src/redis/redis.constants.js';

/**
 * `CacheModule` on the demo's Redis client, DataSource and metrics registry (`RedisModule`,
 * `TypeOrmModule`, `MetricsModule` in the same testing module), with these settings.
 */
export function demoCacheModule(
  options: Omit<CacheModuleOptions, 'redis' | 'dataSource'>,
): DynamicModule {
  return CacheModule.forRootAsync({
    inject: [REDIS_CLIENT, DataSource, METRICS_REGISTRY],
    useFactory: (redis: CacheRedisClient, dataSource: DataSource, metricsRegistry: Registry) => ({
      ...options,
      redis,
      dataSource,
      metricsRegistry,
    }),
  });
}
