import request from 'supertest';
import { MAX_JSON_DEPTH, MAX_VALIDATION_MESSAGES } from '../../src/common/http-limits.js';
import { listenLocally, rawRequest } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/** Inputs that used to reach MySQL or a transformer and answer 500: each is a 400 now. */
describe('bad input is 400, never 5xx', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
    await http.post('/users').send({ userId: 'x', userLevel: 3, nickname: 'kept' }).expect(201);
    await http.post('/inventory').send({ goodsId: 16, number: 5 }).expect(201);
  });
  afterAll(() => t.close());

  const expectBadRequest = (body: { statusCode: number; error: string }) =>
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request' });

  describe('JSON nesting', () => {
    it('answers 400 for a body nested 1,300 deep, before any transformer', async () => {
      const deep = `${'['.repeat(1300)}${']'.repeat(1300)}`;
      const response = await http
        .post('/users')
        .set('Content-Type', 'application/json')
        .send(`{"userId":"deep","userLevel":1,"nickname":${deep}}`)
        .expect(400);
      expectBadRequest(response.body);
      expect(response.body.message).toBe(
        `invalid JSON body: nested deeper than ${MAX_JSON_DEPTH} levels`,
      );
      await http.get('/users/deep').expect(404);
    });

    it(`accepts nesting up to ${MAX_JSON_DEPTH} levels (validation then decides)`, async () => {
      const nested = `${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}`;
      const response = await http
        .post('/users')
        .set('Content-Type', 'application/json')
        .send(`{"userId":"nest","userLevel":1,"nickname":${nested}}`)
        .expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(/nickname must be a string/);
    });
  });

  it('answers 400 for a sale line that is an array: {"goodsInfo":[[]]}', async () => {
    const response = await http
      .post('/inventory/sell')
      .send({ goodsInfo: [[]] })
      .expect(400);
    expectBadRequest(response.body);
    expect(JSON.stringify(response.body.message)).toMatch(/goodsInfo/);
  });

  describe('null for a field that cannot be null', () => {
    it('answers 400 for PUT {"userLevel":null} and leaves the row as it was', async () => {
      const before = await http.get('/users/x').expect(200);
      const response = await http.put('/users/x').send({ userLevel: null }).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(/userLevel must be an integer/);
      const after = await http.get('/users/x').expect(200);
      expect(after.body).toEqual(before.body);
    });

    it('answers 400 for POST {"userLevel":null}', async () => {
      await http.post('/users').send({ userId: 'nul', userLevel: null }).expect(400);
    });

    it('still clears the nickname with null', async () => {
      await http.post('/users').send({ userId: 'clear', userLevel: 1, nickname: 'n' }).expect(201);
      const response = await http.put('/users/clear').send({ nickname: null }).expect(200);
      expect(response.body.nickname).toBeNull();
    });
  });

  describe('nickname length in Unicode code points, as MySQL utf8mb4 counts', () => {
    it('answers 400 for 64 characters plus U+FE0F (65 code points)', async () => {
      const nickname = `${'n'.repeat(64)}\ufe0f`;
      const response = await http
        .post('/users')
        .send({ userId: 'vs16', userLevel: 1, nickname })
        .expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(/nickname must be at most 64/);
      const update = await http.put('/users/x').send({ nickname }).expect(400);
      expect(JSON.stringify(update.body.message)).toMatch(/nickname/);
    });

    it.each([
      ['63 letters and U+FE0F', `${'n'.repeat(63)}\ufe0f`],
      ['64 emoji outside the BMP (128 UTF-16 units)', '\u{1f600}'.repeat(64)],
    ])('stores a 64-code-point nickname: %s', async (_case, nickname) => {
      const userId = `cp${nickname.length}`;
      await http.post('/users').send({ userId, userLevel: 1, nickname }).expect(201);
      const read = await http.get(`/users/${userId}`).expect(200);
      expect(read.body.nickname).toBe(nickname);
    });
  });

  describe('text that is not valid Unicode', () => {
    it('answers 400 for invalid UTF-8 bytes in a nickname', async () => {
      const body = Buffer.concat([
        Buffer.from('{"userId":"utf8","userLevel":1,"nickname":"ab'),
        Buffer.from([0xff, 0xfe, 0xc3]),
        Buffer.from('"}'),
      ]);
      const response = await rawRequest(await listenLocally(t.app), {
        method: 'POST',
        path: '/users',
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toEqual({
        statusCode: 400,
        message: 'invalid JSON body: not valid UTF-8',
        error: 'Bad Request',
      });
      await http.get('/users/utf8').expect(404);
    });

    it.each([
      ['a lone high surrogate', '"ab\\ud800"'],
      ['a lone low surrogate', '"\\udc00ab"'],
    ])('answers 400 for %s in a nickname', async (_case, literal) => {
      const response = await http
        .post('/users')
        .set('Content-Type', 'application/json')
        .send(`{"userId":"sur","userLevel":1,"nickname":${literal}}`)
        .expect(400);
      expect(response.body.message).toBe('invalid JSON body: nickname holds a lone surrogate');
      await http.get('/users/sur').expect(404);
    });

    it('accepts a proper surrogate pair written as escapes', async () => {
      await http
        .post('/users')
        .set('Content-Type', 'application/json')
        .send('{"userId":"pair","userLevel":1,"nickname":"\\ud83d\\ude00"}')
        .expect(201);
    });
  });

  it(`answers at most ${MAX_VALIDATION_MESSAGES} messages for a sale of 3,900 bad lines`, async () => {
    const goodsInfo = Array.from({ length: 3900 }, () => ({ goodsId: 0, num: 0 }));
    const body = JSON.stringify({ goodsInfo });
    expect(body.length).toBeGreaterThan(80_000);
    const response = await http
      .post('/inventory/sell')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    const messages = response.body.message as string[];
    expect(messages).toHaveLength(MAX_VALIDATION_MESSAGES + 1);
    expect(messages.at(-1)).toMatch(/^\.\.\. and \d+ more problems$/);
    expect(response.text.length).toBeLessThan(5_000);
  });

  describe('strict integers in the path and the query', () => {
    it.each(['0x10', '0b10000', '0o20', '+16', '16.0', '%2016', '16%20', '1.6e1', '-16', ''])(
      'answers 400 for GET /inventory/%s (goods 16 exists)',
      async (id) => {
        if (id === '') {
          await http.get('/inventory/').expect(404);
          return;
        }
        const response = await http.get(`/inventory/${id}`).expect(400);
        expect(response.body.message).toEqual([
          `goodsId must be an integer from 1 to ${Number.MAX_SAFE_INTEGER} in plain decimal digits`,
        ]);
      },
    );

    it('answers 414 in the error shape for a path parameter over 192 characters', async () => {
      await http.get(`/users/${'a'.repeat(64)}`).expect(404);
      const response = await http.get(`/users/${'a'.repeat(193)}`).expect(414);
      expect(response.body).toMatchObject({ statusCode: 414, error: 'URI Too Long' });
    });

    it('answers 400 for PUT /inventory/0x10 and changes nothing', async () => {
      await http.put('/inventory/0x10').send({ number: 9 }).expect(400);
      const read = await http.get('/inventory/16').expect(200);
      expect(read.body.number).toBe(5);
    });

    it.each(['0x3', '0b11', '+3', '3.0', '%203', '3e0', '', '3&userLevel=3'])(
      'answers 400 for ?userLevel=%s (the user has level 3)',
      async (level) => {
        const response = await http.get(`/users/x?userLevel=${level}`).expect(400);
        expectBadRequest(response.body);
      },
    );

    it('still answers 200 for ?userLevel=3 and 404 for ?userLevel=4', async () => {
      await http.get('/users/x?userLevel=3').expect(200);
      await http.get('/users/x?userLevel=4').expect(404);
    });
  });
});
