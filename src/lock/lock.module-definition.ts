import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ClusterOptions, RedisOptions } from 'ioredis';
import type { Registry } from 'prom-client';
import type { LockObserver } from './lock-observer.js';
import type { LockOptions } from './lock-options.js';

export interface LockModuleOptions {
  /** One URL per independent Redis master; a lock needs a quorum of ⌊N/2⌋ + 1 of them. */
  redisUrls?: string[];
  /**
   * A Redis Cluster instead (`host:port` seeds): the lock runs on it as one node, every script
   * on its resource's hash slot. Takes precedence over `redisUrls`. See `docs/lock.md`,
   * "Redis Cluster" for what a failover means for the lock.
   */
  clusterNodes?: { host: string; port: number }[];
  /** Prepended to every lock key and release channel (tests and apps sharing a Redis). */
  keyPrefix?: string;
  /** Defaults for every lock taken through this module. */
  defaults?: Partial<LockOptions>;
  /** Extra ioredis options for the lock's clients (for a Cluster: its `redisOptions`). */
  redisOptions?: RedisOptions;
  /** Extra ioredis Cluster options. */
  clusterOptions?: ClusterOptions;
  /** A prom-client registry: the lock's metrics are recorded on it (`lockMetrics`). */
  metricsRegistry?: Registry;
  /** Or any observer of the lock's events (takes precedence over `metricsRegistry`). */
  observer?: LockObserver;
  /** Lock commands started at once share a few socket writes (default true; `RedlockConfig`). */
  coalesceWrites?: boolean;
}

export const {
  ConfigurableModuleClass: ConfigurableLockModule,
  MODULE_OPTIONS_TOKEN: LOCK_MODULE_OPTIONS,
  OPTIONS_TYPE: LOCK_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: LOCK_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<LockModuleOptions>({ moduleName: 'Lock' })
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();
