/**
 * A child process for the concurrent-sale test: boots the app's module graph (no HTTP) on the
 * test's database and key prefix (from the environment, as `main.ts` reads it) and makes
 * `sales` random sales, `concurrency` at a time, through `InventoryService.sell`.
 * argv: sales concurrency goodsIds(comma list) seed. Prints one JSON line of outcome counts.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../src/app.module.js';
import { loadAppConfig } from '../../../src/config/load-app-config.js';
import { InventoryService } from '../../../src/inventory/inventory.service.js';

const [sales, concurrency, goodsList, seedText] = process.argv.slice(2);
const goods = goodsList.split(',').map(Number);
let seed = Number(seedText);
function random(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed % n;
}

const app = await NestFactory.createApplicationContext(AppModule.forRoot(loadAppConfig()), {
  logger: ['error'],
});
const inventory = app.get(InventoryService);
const outcomes: Record<string, number> = {};
let next = 0;

async function seller(): Promise<void> {
  while (next < Number(sales)) {
    next++;
    const count = 1 + random(3);
    const picked = [...new Set(Array.from({ length: count }, () => goods[random(goods.length)]))];
    try {
      await inventory.sell(picked.map((goodsId) => ({ goodsId, num: 1 + random(3) })));
      outcomes.sold = (outcomes.sold ?? 0) + 1;
    } catch (error) {
      const name = (error as Error).constructor.name;
      outcomes[name] = (outcomes[name] ?? 0) + 1;
    }
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, seller));
await app.close();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
