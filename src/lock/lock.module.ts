import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import { METRICS_REGISTRY } from '../metrics/metrics.constants.js';
import { DistributedLockExplorer } from './distributed-lock.explorer.js';
import { closeLockClients, createLockClients } from './lock-clients.js';
import { LOCK_REDIS_CLIENTS } from './lock.constants.js';
import { lockMetrics } from './lock.metrics.js';
import {
  ConfigurableLockModule,
  LOCK_MODULE_OPTIONS,
  type LockModuleOptions,
} from './lock.module-definition.js';
import { LockService } from './lock.service.js';
import { LockUnavailableFilter } from './lock-unavailable.filter.js';
import { Redlock } from './redlock.js';

/**
 * The distributed lock: `LockModule.forRoot({ redisUrls, keyPrefix })` (or `forRootAsync`).
 * Provides `LockService` and `Redlock`, enables `@DistributedLock`, maps lock-unavailable
 * errors of HTTP handlers to 503 + Retry-After, and records metrics on `METRICS_REGISTRY` when
 * the app has one.
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
      inject: [
        LOCK_MODULE_OPTIONS,
        LOCK_REDIS_CLIENTS,
        { token: METRICS_REGISTRY, optional: true },
      ],
      useFactory: (options: LockModuleOptions, clients: Redis[], registry?: Registry) =>
        new Redlock(clients, {
          defaults: options.defaults,
          observer: registry ? lockMetrics(registry) : undefined,
        }),
    },
    LockService,
    DistributedLockExplorer,
    { provide: APP_FILTER, useClass: LockUnavailableFilter },
  ],
  exports: [LockService, Redlock],
})
export class LockModule extends ConfigurableLockModule implements OnApplicationShutdown {
  constructor(
    private readonly redlock: Redlock,
    @Inject(LOCK_REDIS_CLIENTS) private readonly clients: Redis[],
  ) {
    super();
  }

  async onApplicationShutdown(): Promise<void> {
    this.redlock.close();
    await closeLockClients(this.clients);
  }
}
