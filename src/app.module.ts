import { Module, type DynamicModule } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import type { AppConfig } from './config/app-config.interface.js';
import { APP_CONFIG } from './config/app-config.constants.js';
import { CacheModule } from './cache/cache.module.js';
import { DatabaseModule } from './database/database.module.js';
import { HealthModule } from './health/health.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { LockModule } from './lock/lock.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { RedisModule } from './redis/redis.module.js';
import { UsersModule } from './users/users.module.js';

@Module({})
export class AppModule {
  /** The whole demo application for one validated configuration (see `loadAppConfig`). */
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      global: true,
      imports: [
        DatabaseModule.forRoot(config.mysql),
        RedisModule.forRoot(config.redis),
        LockModule.forRoot({
          redisUrls: config.lockRedisUrls,
          keyPrefix: config.redis.keyPrefix,
          defaults: { ttlMs: config.lockTtlMs },
        }),
        MetricsModule,
        CacheModule.forRoot({
          strategy: config.cacheStrategy,
          configPath: config.cacheConfigPath,
          debugFillDelayMs: config.cacheDebugFillDelayMs,
          doubleDeleteDelayMs: config.cacheDoubleDeleteDelayMs,
        }),
        ScheduleModule.forRoot(),
        HealthModule,
        UsersModule,
        InventoryModule,
      ],
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
