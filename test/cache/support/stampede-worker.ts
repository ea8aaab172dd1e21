/**
 * One app process of the multi-process stampede test (forked with IPC): boots the app on the
 * parent's database and key prefix, says `ready`, then on `go` reads one key `reads` times at
 * once and reports its MySQL loads.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { Counter, Registry } from 'prom-client';
import { AppModule } from '../../../src/app.module.js';
import { loadAppConfig } from '../../../src/config/load-app-config.js';
import { METRICS_REGISTRY } from '../../../src/metrics/metrics.constants.js';
import { UserAuthInfoRepository } from '../../../src/users/user-auth-info.repository.js';

export interface StampedeOrder {
  userId: string;
  reads: number;
}

export interface StampedeReport {
  loads: number;
  found: number;
}

const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadAppConfig()), {
  logger: ['error'],
});
const users = app.get(UserAuthInfoRepository);
const registry = app.get<Registry>(METRICS_REGISTRY);

process.once('message', (order: StampedeOrder) => {
  void (async () => {
    const rows = await Promise.all(
      Array.from({ length: order.reads }, () => users.findByUserId(order.userId)),
    );
    const metric = registry.getSingleMetric('db_loads_total') as Counter;
    const loads = (await metric.get()).values.reduce((sum, value) => sum + value.value, 0);
    const report: StampedeReport = {
      loads,
      found: rows.filter((row) => row?.userId === order.userId).length,
    };
    process.send!(report, () => {
      void app.close().then(() => process.exit(0));
    });
  })();
});
process.send!('ready');
