import { Redis } from 'ioredis';
import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

const MINUTE_MS = 60_000;

/**
 * A refused request (4xx) leaves no Redis key that outlives a minute: the app has no auth, so
 * anything a refusal left for longer would let anyone grow Redis without bound.
 */
describe('keys left by refused requests', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  let redis: Redis;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
    redis = new Redis(t.config.redis.url);
    await http.post('/users').send({ userId: 'known', userLevel: 3 }).expect(201);
    for (const goodsId of [1, 2, 3]) {
      await http.post('/inventory').send({ goodsId, number: 1 }).expect(201);
    }
  });
  afterAll(async () => {
    redis.disconnect();
    await t.close();
  });

  /** Every key under the run's prefix, with its PTTL (-1: none). */
  async function keysWithTtl(): Promise<Map<string, number>> {
    const keys = new Map<string, number>();
    const stream = redis.scanStream({ match: `${t.config.redis.keyPrefix}*`, count: 1000 });
    for await (const batch of stream as AsyncIterable<string[]>) {
      for (const key of batch) keys.set(key, await redis.pttl(key));
    }
    return keys;
  }

  async function sendAll(requests: (() => request.Test)[], status: number[]): Promise<void> {
    for (let i = 0; i < requests.length; i += 50) {
      const answers = await Promise.all(requests.slice(i, i + 50).map((send) => send()));
      for (const answer of answers) expect(status).toContain(answer.status);
    }
  }

  it('500 sales of unknown goods leave no key at all (refused before any lock)', async () => {
    const before = await keysWithTtl();
    const sales = Array.from({ length: 500 }, (_, i) => () => {
      const goodsInfo = [1, 2, 3, 4, 5].map((line) => ({ goodsId: 1000 + i * 5 + line, num: 1 }));
      return http.post('/inventory/sell').send({ goodsInfo });
    });
    // With known goods in the sale too: one unknown line refuses the whole sale.
    sales.push(() =>
      http.post('/inventory/sell').send({
        goodsInfo: [
          { goodsId: 1, num: 1 },
          { goodsId: 99_999, num: 1 },
        ],
      }),
    );
    await sendAll(sales, [404]);
    expect([...(await keysWithTtl()).keys()].filter((key) => !before.has(key))).toEqual([]);
    expect((await http.get('/inventory/1').expect(200)).body).toMatchObject({ number: 1 });
  });

  it('500 other refused requests of every kind leave only keys that expire within a minute', async () => {
    const before = await keysWithTtl();
    const kinds: ((i: number) => request.Test)[] = [
      (i) => http.put(`/users/missing-${i}`).send({ userLevel: 1 }),
      (i) => http.delete(`/users/missing-${i}`),
      (i) => http.get(`/users/missing-${i}`),
      (i) => http.get(`/users/known?userLevel=${(i % 9) + 4}`),
      () => http.post('/users').send({ userId: 'known', userLevel: 1 }),
      (i) => http.post('/users').send({ userId: `bad-${i}`, userLevel: -1 }),
      (i) => http.get(`/inventory/${5000 + i}`),
      (i) => http.put(`/inventory/${5000 + i}`).send({ number: 1 }),
      (i) => http.post('/inventory').send({ goodsId: (i % 3) + 1, number: 1 }),
      // Known goods, too little stock: the locks are taken, then the sale is refused.
      (i) => http.post('/inventory/sell').send({ goodsInfo: [{ goodsId: (i % 3) + 1, num: 2 }] }),
      (i) => http.post('/inventory/sell').send({ goodsInfo: [{ goodsId: i, num: 0 }] }),
      (i) => http.get(`/users/0x${i}`),
      () => http.post('/users').set('content-type', 'text/plain').send('x'),
    ];
    const requests = Array.from({ length: 500 }, (_, i) => () => kinds[i % kinds.length](i));
    await sendAll(requests, [400, 404, 409, 415]);

    const created = [...(await keysWithTtl())].filter(([key]) => !before.has(key));
    const outliving = created.filter(([, pttl]) => pttl < 0 || pttl > MINUTE_MS);
    expect(outliving).toEqual([]);
    // The insufficient-stock sales did take their locks: their fencing counters are the keys.
    expect(created.some(([key]) => key.endsWith('lock:{inventory:1}:fence'))).toBe(true);
  });
});
