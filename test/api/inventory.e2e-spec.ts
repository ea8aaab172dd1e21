import request from 'supertest';
import { DataSource } from 'typeorm';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('inventory API', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;
  let db: DataSource;

  const soldRecords = async (goodsId: number): Promise<number> => {
    const rows = await db.query<{ n: string | number }[]>(
      'SELECT COUNT(*) AS n FROM t_sell_record WHERE goods_id = ?',
      [goodsId],
    );
    return Number(rows[0].n);
  };

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  describe('POST /inventory', () => {
    it('creates goods with version 1', async () => {
      const response = await http.post('/inventory').send({ goodsId: 100, number: 7 }).expect(201);
      expect(response.body).toMatchObject({ goodsId: 100, number: 7, version: 1 });
    });

    it('accepts the largest safe goodsId and stock of 10^9', async () => {
      const goodsId = Number.MAX_SAFE_INTEGER;
      await http.post('/inventory').send({ goodsId, number: 1_000_000_000 }).expect(201);
      const response = await http.get(`/inventory/${goodsId}`).expect(200);
      expect(response.body).toMatchObject({ goodsId, number: 1_000_000_000 });
    });

    it('answers 409 when the goods exist', async () => {
      await http.post('/inventory').send({ goodsId: 101, number: 1 }).expect(201);
      await http.post('/inventory').send({ goodsId: 101, number: 2 }).expect(409);
    });

    it.each([
      ['goodsId 0', { goodsId: 0, number: 1 }],
      ['a goodsId above 2^53-1', { goodsId: 2 ** 53, number: 1 }],
      ['a negative number', { goodsId: 102, number: -1 }],
      ['a number above 10^9', { goodsId: 102, number: 1_000_000_001 }],
      ['a string number', { goodsId: 102, number: '5' }],
      ['an unknown field', { goodsId: 102, number: 5, price: 3 }],
    ])('answers 400 for %s', async (_case, body) => {
      const response = await http.post('/inventory').send(body).expect(400);
      expect(response.body.error).toBe('Bad Request');
      await http.get('/inventory/102').expect(404);
    });
  });

  describe('GET and PUT /inventory/:goodsId', () => {
    it('sets the stock, bumps the version, and reads it back', async () => {
      await http.post('/inventory').send({ goodsId: 200, number: 3 }).expect(201);
      const updated = await http.put('/inventory/200').send({ number: 50 }).expect(200);
      expect(updated.body).toMatchObject({ goodsId: 200, number: 50, version: 2 });
      const read = await http.get('/inventory/200').expect(200);
      expect(read.body).toEqual(updated.body);
    });

    it('answers 404 for unknown goods', async () => {
      await http.get('/inventory/999999').expect(404);
      await http.put('/inventory/999999').send({ number: 1 }).expect(404);
    });

    it.each([
      ['GET with a non-numeric id', () => http.get('/inventory/abc')],
      ['GET with id 0', () => http.get('/inventory/0')],
      ['PUT with a negative number', () => http.put('/inventory/200').send({ number: -5 })],
      ['PUT with no number', () => http.put('/inventory/200').send({})],
    ])('answers 400 for %s', async (_case, call) => {
      await call().expect(400);
    });
  });

  describe('POST /inventory/sell', () => {
    beforeAll(async () => {
      await http.post('/inventory').send({ goodsId: 1, number: 10 }).expect(201);
      await http.post('/inventory').send({ goodsId: 2, number: 1 }).expect(201);
      await http.post('/inventory').send({ goodsId: 3, number: 5 }).expect(201);
    });

    it('deducts every line, records it, and reports what is left, in request order', async () => {
      const response = await http
        .post('/inventory/sell')
        .send({
          goodsInfo: [
            { goodsId: 3, num: 2 },
            { goodsId: 1, num: 4 },
          ],
        })
        .expect(201);
      expect(response.body).toEqual({
        orderId: expect.stringMatching(/^[0-9a-f-]{36}$/),
        lines: [
          { goodsId: 3, num: 2, left: 3 },
          { goodsId: 1, num: 4, left: 6 },
        ],
      });
      expect(await soldRecords(3)).toBe(1);
      const read = await http.get('/inventory/1').expect(200);
      expect(read.body).toMatchObject({ number: 6, version: 2 });
    });

    it('is all-or-nothing: a second line without stock leaves nothing behind (409)', async () => {
      const before = await Promise.all([1, 2].map((id) => http.get(`/inventory/${id}`)));
      const recordsBefore = await soldRecords(1);
      const response = await http
        .post('/inventory/sell')
        .send({
          goodsInfo: [
            { goodsId: 1, num: 1 },
            { goodsId: 2, num: 2 },
          ],
        })
        .expect(409);
      expect(response.body).toMatchObject({ statusCode: 409, error: 'Conflict' });
      expect(response.body.message).toMatch(/insufficient stock for goods 2/);
      const after = await Promise.all([1, 2].map((id) => http.get(`/inventory/${id}`)));
      expect(after.map((r) => r.body)).toEqual(before.map((r) => r.body));
      expect(await soldRecords(1)).toBe(recordsBefore);
    });

    it('answers 404 for unknown goods and applies no line', async () => {
      const before = await http.get('/inventory/1').expect(200);
      await http
        .post('/inventory/sell')
        .send({
          goodsInfo: [
            { goodsId: 1, num: 1 },
            { goodsId: 424242, num: 1 },
          ],
        })
        .expect(404);
      const after = await http.get('/inventory/1').expect(200);
      expect(after.body.number).toBe(before.body.number);
    });

    it('can sell the last unit and then refuses the next', async () => {
      const sold = await http.post('/inventory/sell').send({ goodsInfo: [{ goodsId: 2, num: 1 }] });
      expect(sold.status).toBe(201);
      expect(sold.body.lines[0].left).toBe(0);
      await http
        .post('/inventory/sell')
        .send({ goodsInfo: [{ goodsId: 2, num: 1 }] })
        .expect(409);
    });

    it.each([
      [
        'a duplicate goodsId',
        {
          goodsInfo: [
            { goodsId: 1, num: 1 },
            { goodsId: 1, num: 2 },
          ],
        },
        /repeat/,
      ],
      ['no lines', { goodsInfo: [] }, /goodsInfo/],
      [
        '101 lines',
        { goodsInfo: Array.from({ length: 101 }, (_, i) => ({ goodsId: i + 1, num: 1 })) },
        /goodsInfo/,
      ],
      ['num 0', { goodsInfo: [{ goodsId: 1, num: 0 }] }, /num/],
      ['num above 10000', { goodsInfo: [{ goodsId: 1, num: 10_001 }] }, /num/],
      ['a missing goodsInfo', {}, /goodsInfo/],
      ['an unknown field in a line', { goodsInfo: [{ goodsId: 1, num: 1, price: 2 }] }, /price/],
      ['goodsInfo not an array', { goodsInfo: { goodsId: 1, num: 1 } }, /goodsInfo/],
    ])('answers 400 for %s and sells nothing', async (_case, body, message) => {
      const before = await soldRecords(1);
      const response = await http.post('/inventory/sell').send(body).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(message);
      expect(await soldRecords(1)).toBe(before);
    });
  });
});
