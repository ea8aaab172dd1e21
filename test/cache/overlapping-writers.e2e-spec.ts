import {
  createCacheTestApp,
  createSecondInstance,
  type CacheTestApp,
} from './support/cache-test-app.js';
import { ArrivalLog, Gate } from './support/gate.js';
import { freshGoods, goodsStaleness } from './support/staleness.js';

/**
 * Race 2 of docs/consistency.md: writers of one row overlap. None waits for another in Redis
 * (MySQL's row lock orders them), every reader concurrent with them reads MySQL and fills
 * nothing, and once the last one has ended the cache serves the last committed row. The writes
 * are `PUT /inventory/:goodsId`'s blind update, which takes no MySQL lock before write-begin, so
 * the writers can all be held between write-begin and their SQL at once.
 */
describe('lease: overlapping writers of one row', () => {
  let a: CacheTestApp;
  /** A second app instance on the same database and keys: its own pools, writer and flights. */
  let b: CacheTestApp;
  beforeAll(async () => {
    a = await createCacheTestApp();
    b = await createSecondInstance(a);
  });
  afterEach(() => {
    a.probe.install({});
    b.probe.install({});
  });
  afterAll(async () => {
    await b.app.close();
    await a.close();
  });

  const counter = (t: CacheTestApp, result: string) =>
    t.counter('cache_requests_total', { entity: 'Inventory', result });

  it.each([
    [2, 'one instance'],
    [10, 'one instance'],
    [2, 'two instances'],
    [10, 'two instances'],
  ] as const)(
    '%d writers (%s) are all in the marker at once; readers bypass; the last commit wins',
    async (writers, where) => {
      const instances = where === 'one instance' ? [a] : [a, b];
      const goodsId = await freshGoods(a, 1);
      const keys = a.goodsKeys(goodsId);
      await a.inventory.findByGoodsId(goodsId); // cached
      expect(await a.redis.exists(keys.row)).toBe(1);

      const begun = new ArrivalLog();
      const held = new Gate();
      for (const t of instances) {
        t.probe.install({
          afterWriteBegin: (row) => {
            begun.hook(row);
            return row === keys.row ? held.pass() : undefined;
          },
        });
      }
      const writes = Array.from({ length: writers }, (_, i) =>
        instances[i % instances.length].inventory.setNumber(goodsId, 100 + i),
      );
      await begun.arrival(keys.row, writers); // no writer waited for another to begin
      expect(await a.redis.zcard(keys.lock)).toBe(writers);
      expect(await a.redis.exists(keys.row)).toBe(0);

      for (const t of instances) {
        const bypass = await counter(t, 'bypass');
        expect(await t.inventory.findByGoodsId(goodsId)).toMatchObject({ number: 1 });
        expect(await counter(t, 'bypass')).toBe(bypass + 1);
      }
      expect(await a.redis.exists(keys.row)).toBe(0); // nothing filled while they are in progress
      expect(await a.redis.exists(keys.lease)).toBe(0);

      held.open();
      const reads = Array.from({ length: 20 }, (_, i) =>
        instances[i % instances.length].inventory.findByGoodsId(goodsId),
      );
      await Promise.all([...writes, ...reads]);

      expect(await a.redis.exists(keys.lock)).toBe(0); // every writer left
      expect(await goodsStaleness(a, goodsId)).toBe('consistent');
      const [{ number }] = await a.dataSource.query<{ number: number }[]>(
        'SELECT number FROM t_inventory WHERE goods_id = ?',
        [goodsId],
      );
      for (const t of instances) {
        expect(await t.inventory.findByGoodsId(goodsId)).toMatchObject({
          number,
          version: 1 + writers,
        });
      }
      expect(await goodsStaleness(a, goodsId)).toBe('consistent');
    },
  );
});
