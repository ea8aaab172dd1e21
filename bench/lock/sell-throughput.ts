import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module.js';
import type { AppConfig } from '../../src/config/index.js';
import { InventoryRepository } from '../../src/inventory/inventory.repository.js';
import { InventoryService } from '../../src/inventory/inventory.service.js';
import { dropDatabase } from '../../support/mysql-server.js';

export interface SellRates {
  withLock: number;
  withoutLock: number;
  plainUpdate: number;
}

const GOODS = 16;
/** The three paths take turns in this many slices, so that all see the same MySQL state. */
const SLICES = 8;

/** Runs `sell` from `concurrency` loops for `durationMs`; sales per second. */
async function rate(
  concurrency: number,
  durationMs: number,
  sell: (goodsId: number) => Promise<unknown>,
): Promise<number> {
  let done = 0;
  let next = 0;
  const deadline = performance.now() + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await sell(1 + (next++ % GOODS));
        done++;
      }
    }),
  );
  return (done / durationMs) * 1000;
}

/**
 * One-line sales over 16 goods: through `InventoryService.sell` (locks + fenced transaction),
 * through the same transaction without the lock, and as a single conditional UPDATE.
 */
export async function sellThroughput(
  config: AppConfig,
  concurrency: number,
  durationMs: number,
): Promise<SellRates> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: ['error'],
  });
  try {
    const service = app.get(InventoryService);
    const repository = app.get(InventoryRepository);
    const db = app.get(DataSource);
    for (let goodsId = 1; goodsId <= GOODS; goodsId++) {
      await repository.insert({ goodsId, number: 1_000_000_000 });
    }
    const line = (goodsId: number) => [{ goodsId, num: 1 }];
    const paths: Record<keyof SellRates, (goodsId: number) => Promise<unknown>> = {
      withLock: (goodsId) => service.sell(line(goodsId)),
      withoutLock: (goodsId) => repository.sell(line(goodsId)),
      plainUpdate: (goodsId) =>
        db.query('UPDATE t_inventory SET number = number - ? WHERE goods_id = ? AND number >= ?', [
          1,
          goodsId,
          1,
        ]),
    };
    await rate(concurrency, durationMs / 4, paths.withLock); // warm-up
    const rates: SellRates = { withLock: 0, withoutLock: 0, plainUpdate: 0 };
    for (let slice = 0; slice < SLICES; slice++) {
      for (const name of Object.keys(paths) as (keyof SellRates)[]) {
        rates[name] += (await rate(concurrency, durationMs / SLICES, paths[name])) / SLICES;
      }
    }
    return rates;
  } finally {
    await app.close();
    await dropDatabase(config.mysql, config.mysql.database);
  }
}
