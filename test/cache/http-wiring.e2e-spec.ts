import request from 'supertest';
import { cacheKeys } from '../../src/cache/testing.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the demo API through the cache aspects', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
  });
  afterAll(() => t.close());

  it('GET /users serves from the cache, post-filters userLevel, PUT invalidates', async () => {
    await http.post('/users').send({ userId: 'web:1', userLevel: 2 }).expect(201);
    await http.get('/users/web:1').expect(200);
    expect(await t.redis.exists(cacheKeys('SYSTEM_Person', ['web:1']).row)).toBe(1);
    await http.get('/users/web:1?userLevel=3').expect(404);
    await http.get('/users/web:1?userLevel=2').expect(200);
    await http.put('/users/web:1').send({ userLevel: 3 }).expect(200);
    const after = await http.get('/users/web:1?userLevel=3').expect(200);
    expect(after.body).toMatchObject({ userLevel: 3, version: 2 });
  });

  it('a sale invalidates every goods it touched', async () => {
    await http.post('/inventory').send({ goodsId: 71, number: 10 }).expect(201);
    await http.post('/inventory').send({ goodsId: 72, number: 10 }).expect(201);
    await http.get('/inventory/71').expect(200);
    await http.get('/inventory/72').expect(200);
    expect(await t.redis.exists(cacheKeys('SYSTEM_Inventory', [71]).row)).toBe(1);
    await http
      .post('/inventory/sell')
      .send({
        goodsInfo: [
          { goodsId: 72, num: 3 },
          { goodsId: 71, num: 1 },
        ],
      })
      .expect(201);
    expect((await http.get('/inventory/71').expect(200)).body).toMatchObject({ number: 9 });
    expect((await http.get('/inventory/72').expect(200)).body).toMatchObject({ number: 7 });
    await http.put('/inventory/71').send({ number: 50 }).expect(200);
    expect((await http.get('/inventory/71').expect(200)).body).toMatchObject({ number: 50 });
  });

  it('exposes the cache counters of the contract on /metrics', async () => {
    const text = (await http.get('/metrics').expect(200)).text;
    expect(text).toMatch(/cache_requests_total\{entity="UserAuthInfo",result="hit"\} [1-9]/);
    expect(text).toMatch(/cache_fill_total\{entity="Inventory",outcome="stored"\} [1-9]/);
    expect(text).toMatch(/db_loads_total\{entity="Inventory"\} [1-9]/);
  });
});
