import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { DistributedLockExplorer } from './distributed-lock.explorer.js';
import { DistributedLockInterceptor } from './distributed-lock.interceptor.js';
import { closeLockClients, createLockClients } from './lock-clients.js';
import { LOCK_REDIS_CLIENTS } from './lock.constants.js';
import { lockMetrics } from './lock.metrics.js';
import {
  ConfigurableLockModule,
  LOCK_MODULE_OPTIONS,
  type LockModuleOptions,
} from './lock.module-definition.js';
import type { RedisLike } from './lock-scripts.js';
import { LockService } from './lock.service.js';
import { Redlock } from './redlock.js';

/**
 * The distributed lock: `LockModule.forRoot({ redisUrls | clusterNodes, keyPrefix })` (or
 * `forRootAsync`). Provides `LockService` and `Redlock` and enables `@DistributedLock`. Metrics
 * go to `metricsRegistry` or `observer` when given. `LockUnavailableFilter` (503 +
 * Retry-After) is exported for the app to install.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: LOCK_REDIS_CLIENTS,
      inject: [LOCK_MODULE_OPTIONS],
      useFactory: (options: LockModuleOptions) => createLockClients(options),
    },
    {
      provide: Redlock,
      inject: [LOCK_MODULE_OPTIONS, LOCK_REDIS_CLIENTS],
      useFactory: (options: LockModuleOptions, clients: RedisLike[]) =>
        new Redlock(clients, {
          defaults: options.defaults,
          coalesceWrites: options.coalesceWrites,
          observer:
            options.observer ??
            (options.metricsRegistry ? lockMetrics(options.metricsRegistry) : undefined),
        }),
    },
    LockService,
    DistributedLockInterceptor,
    DistributedLockExplorer,
  ],
  exports: [LockService, Redlock],
})
export class LockModule extends ConfigurableLockModule implements OnApplicationShutdown {
  constructor(
    private readonly redlock: Redlock,
    @Inject(LOCK_REDIS_CLIENTS) private readonly clients: RedisLike[],
  ) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    this.redlock.close();
    await closeLockClients(this.clients);
  }
}
