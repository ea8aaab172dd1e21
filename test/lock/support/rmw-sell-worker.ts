/**
 * A child process for the read-modify-write sale test: `concurrency` loops make `sales` sales
 * of 1 unit each on random goods, each as SELECT the stock, then UPDATE it to the value read
 * minus one, with no SQL guard (no `number >= ?`, no relative update): only the distributed
 * lock `inventory:<goodsId>` (unless LOCK=off) keeps two sellers from reading the same stock.
 * The pause between read and write makes any overlap lose an update.
 * argv: sales concurrency goodsIds(comma list) keyPrefix. Prints one JSON line: {sold}.
 */
import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { createPool } from 'mysql2/promise';
import { Redis } from 'ioredis';
import { Redlock } from '../../../src/lock/index.js';

const [sales, concurrency, goodsList, keyPrefix] = process.argv.slice(2);
const goods = goodsList.split(',').map(Number);
const useLock = process.env.LOCK !== 'off';
const pool = createPool({
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
  database: process.env.MYSQL_DATABASE,
  connectionLimit: 4,
});
const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { keyPrefix });
const redlock = new Redlock([client], { defaults: { ttlMs: 5000, waitTimeoutMs: 30_000 } });
let sold = 0;
let next = 0;

async function sellOne(goodsId: number): Promise<void> {
  const [rows] = await pool.query('SELECT number FROM t_inventory WHERE goods_id = ?', [goodsId]);
  const stock = (rows as { number: number }[])[0].number;
  if (stock < 1) return;
  await sleep(1);
  await pool.query('UPDATE t_inventory SET number = ? WHERE goods_id = ?', [stock - 1, goodsId]);
  sold++;
}

async function seller(): Promise<void> {
  while (next < Number(sales)) {
    const goodsId = goods[next++ % goods.length];
    if (useLock) await redlock.mutex(`inventory:${goodsId}`).using(() => sellOne(goodsId));
    else await sellOne(goodsId);
  }
}

await Promise.all(Array.from({ length: Number(concurrency) }, seller));
redlock.close();
client.disconnect();
await pool.end();
process.stdout.write(`${JSON.stringify({ sold })}\n`);
