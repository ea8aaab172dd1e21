import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Redis } from 'ioredis';
import type { Counter, Registry } from 'prom-client';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/index.js';
import { METRICS_REGISTRY } from '../../src/metrics/metrics.constants.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { UserAuthInfoRepository } from '../../src/users/user-auth-info.repository.js';
import { UsersService } from '../../src/users/users.service.js';
import { useTransactionHostOf } from '../../support/use-transaction-host.js';

/** One app instance (as one process would run it), without HTTP. */
export interface BenchApp {
  context: INestApplicationContext;
  users: UserAuthInfoRepository;
  /** The demo's update (`PUT /users/:userId`): a read-modify-write in one transaction. */
  update: UsersService['update'];
  redis: Redis;
  dbLoads(): Promise<number>;
  close(): Promise<void>;
}

export async function createBenchApp(config: AppConfig): Promise<BenchApp> {
  const context = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
  });
  const registry = context.get<Registry>(METRICS_REGISTRY);
  return {
    context,
    users: context.get(UserAuthInfoRepository),
    update: (userId, patch) => {
      useTransactionHostOf(context);
      return context.get(UsersService).update(userId, patch);
    },
    redis: context.get<Redis>(REDIS_CLIENT),
    async dbLoads() {
      const metric = registry.getSingleMetric('db_loads_total') as Counter;
      return (await metric.get()).values.reduce((sum, value) => sum + value.value, 0);
    },
    close: () => context.close(),
  };
}
