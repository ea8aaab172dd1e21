import { fileURLToPath } from 'node:url';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DataSource as DataSourceToken } from 'typeorm';
import { InventoryRepository } from '../../src/inventory/inventory.repository.js';
import { saleLockResource } from '../../src/inventory/inventory.service.js';
import { FencedOutError, LockLostError, LockService } from '../../src/lock/index.js';
import { createTestApp, type TestApp } from '../support/test-app.js';
import { runTsChild } from './support/child.js';

const WORKER = fileURLToPath(new URL('./support/sell-worker.ts', import.meta.url));
const RMW_WORKER = fileURLToPath(new URL('./support/rmw-sell-worker.ts', import.meta.url));

describe('POST /inventory/sell under the distributed lock', () => {
  let t: TestApp;
  let db: DataSource;
  let locks: LockService;
  let repository: InventoryRepository;

  async function stock(goodsId: number): Promise<number> {
    const rows = await db.query<{ number: number }[]>(
      'SELECT number FROM t_inventory WHERE goods_id = ?',
      [goodsId],
    );
    return rows[0].number;
  }

  async function soldOf(goodsId: number): Promise<number> {
    const rows = await db.query<{ n: string | null }[]>(
      'SELECT SUM(num) AS n FROM t_sell_record WHERE goods_id = ?',
      [goodsId],
    );
    return Number(rows[0].n ?? 0);
  }

  async function addGoods(goodsId: number, number: number): Promise<void> {
    await request(t.app.getHttpServer()).post('/inventory').send({ goodsId, number }).expect(201);
  }

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get<DataSource>(DataSourceToken);
    locks = t.app.get(LockService);
    repository = t.app.get(InventoryRepository);
  });
  afterAll(() => t.close());

  it('answers 503 with Retry-After when the locks are not acquired in time', async () => {
    await addGoods(1, 10);
    await t.redis.set(`lock:{${saleLockResource(1)}}`, 'another-instance', 'PX', 5000);
    const response = await request(t.app.getHttpServer())
      .post('/inventory/sell')
      .send({ goodsInfo: [{ goodsId: 1, num: 1 }] })
      .expect(503);
    expect(response.body).toMatchObject({ statusCode: 503, error: 'Service Unavailable' });
    expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(await stock(1)).toBe(10);
    await t.redis.del(`lock:{${saleLockResource(1)}}`);
  });

  it('applies nothing when one line of the sale fails', async () => {
    await addGoods(2, 5);
    await addGoods(3, 1);
    await request(t.app.getHttpServer())
      .post('/inventory/sell')
      .send({
        goodsInfo: [
          { goodsId: 2, num: 2 },
          { goodsId: 3, num: 2 },
        ],
      })
      .expect(409);
    expect([await stock(2), await stock(3), await soldOf(2), await soldOf(3)]).toEqual([
      5, 1, 0, 0,
    ]);
    const metrics = await request(t.app.getHttpServer()).get('/metrics').expect(200);
    expect(metrics.text).toMatch(/lock_acquire_total\{outcome="acquired"\} \d+/);
    expect(metrics.text).toMatch(/lock_acquire_seconds_bucket/);
  });

  it('refuses the fenced write of a holder whose lock expired and was taken over', async () => {
    await addGoods(4, 10);
    const resource = saleLockResource(4);
    const lines = [{ goodsId: 4, num: 1 }];
    const stale = locks.using(
      resource,
      async (signal, mutex) => {
        const oldFence = mutex.fence;
        // The lock expires (as after a long GC pause) and another instance takes it and sells.
        await t.redis.del(`lock:{${resource}}`);
        const successor = await locks.lock(resource, { fencing: true });
        await repository.sell(lines, successor.fence);
        await successor.unlock();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        expect(signal.reason).toBeInstanceOf(LockLostError);
        // The old holder writes anyway: MySQL refuses it, and nothing of it is applied.
        await expect(repository.sell(lines, oldFence)).rejects.toBeInstanceOf(FencedOutError);
        throw signal.reason;
      },
      { ttlMs: 300, extendBeforeExpiryMs: 250, fencing: true },
    );
    await expect(stale).rejects.toBeInstanceOf(LockLostError);
    expect([await stock(4), await soldOf(4)]).toEqual([9, 1]);
  });

  /** Two processes of unguarded read-modify-write sales; units sold and stock left. */
  async function rmwSales(goods: number[], lock: 'on' | 'off'): Promise<number> {
    const env = {
      MYSQL_DATABASE: t.config.mysql.database,
      LOCK: lock,
    };
    const outputs = await Promise.all(
      [1, 2].map(() =>
        runTsChild(RMW_WORKER, ['150', '8', goods.join(','), t.config.redis.keyPrefix], env),
      ),
    );
    return outputs
      .map((output) => (JSON.parse(output.trim().split('\n').pop()!) as { sold: number }).sold)
      .reduce((a, b) => a + b, 0);
  }

  it('keeps an unguarded read-modify-write of the stock exact across processes', async () => {
    const goods = [200, 201, 202];
    for (const goodsId of goods) await addGoods(goodsId, 1000);
    const sold = await rmwSales(goods, 'on');
    const left = (await Promise.all(goods.map(stock))).reduce((a, b) => a + b, 0);
    expect(sold).toBe(300);
    expect(left).toBe(3000 - sold); // no lost update: every sale the workers counted is applied
  }, 60_000);

  it('(control) the same read-modify-write without the lock loses updates', async () => {
    const goods = [300, 301, 302];
    for (const goodsId of goods) await addGoods(goodsId, 1000);
    const sold = await rmwSales(goods, 'off');
    const left = (await Promise.all(goods.map(stock))).reduce((a, b) => a + b, 0);
    // More units counted as sold than the stock went down by: what the lock prevents above.
    expect(left).toBeGreaterThan(3000 - sold);
  }, 60_000);

  // The API path: its conditional UPDATE would refuse an oversell even without the lock, so
  // this checks the sale's bookkeeping (stock + records); what the lock itself adds is shown
  // by the read-modify-write tests above.
  it('never oversells under thousands of concurrent sales from several processes', async () => {
    const goods = Array.from({ length: 20 }, (_, i) => 100 + i);
    for (const goodsId of goods) await addGoods(goodsId, 200);
    const env = {
      MYSQL_DATABASE: t.config.mysql.database,
      REDIS_KEY_PREFIX: t.config.redis.keyPrefix,
      LOG_LEVEL: 'error',
      MYSQL_POOL_SIZE: '10',
    };
    const outputs = await Promise.all(
      [1, 2].map((seed) => runTsChild(WORKER, ['500', '20', goods.join(','), String(seed)], env)),
    );
    const outcomes = outputs.map(
      (output) => JSON.parse(output.trim().split('\n').pop()!) as Record<string, number>,
    );
    const sold = outcomes.reduce((sum, outcome) => sum + (outcome.sold ?? 0), 0);
    expect(sold).toBeGreaterThan(0);
    for (const goodsId of goods) {
      const left = await stock(goodsId);
      expect(left).toBeGreaterThanOrEqual(0);
      expect(left + (await soldOf(goodsId))).toBe(200);
    }
    const orders = await db.query<{ n: string }[]>(
      `SELECT COUNT(DISTINCT order_id) AS n FROM t_sell_record WHERE goods_id IN (${goods.join(',')})`,
    );
    expect(Number(orders[0].n)).toBe(sold);
  }, 60_000);
});
