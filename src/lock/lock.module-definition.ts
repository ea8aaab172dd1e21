import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { RedisOptions } from 'ioredis';
import type { LockOptions } from './lock-options.js';

export interface LockModuleOptions {
  /** One URL per independent Redis master; a lock needs a quorum of N/2+1 of them. */
  redisUrls: string[];
  /** Prepended to every lock key and release channel (tests and apps sharing a Redis). */
  keyPrefix?: string;
  /** Defaults for every lock taken through this module. */
  defaults?: Partial<LockOptions>;
  /** Extra ioredis options for the lock's clients. */
  redisOptions?: RedisOptions;
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
