import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('GET /users?ids=a,b,c', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
    for (const [userId, userLevel] of [
      ['ann', 1],
      ['bob', 2],
      ['cy:d@e.f-g_h', 3],
    ] as const) {
      await http.post('/users').send({ userId, userLevel }).expect(201);
    }
  });
  afterAll(() => t.close());

  it('answers the rows found in the order asked, unknown ids left out', async () => {
    const response = await http.get('/users?ids=bob,nobody,ann').expect(200);
    expect(response.body).toEqual([
      expect.objectContaining({ userId: 'bob', userLevel: 2, version: 1 }),
      expect.objectContaining({ userId: 'ann', userLevel: 1, version: 1 }),
    ]);
    // The same rows, from the cache this time, and as GET /users/:userId answers them.
    const again = await http.get('/users?ids=bob,nobody,ann').expect(200);
    expect(again.body).toEqual(response.body);
    const single = await http.get('/users/bob').expect(200);
    expect(again.body[0]).toEqual(single.body);
  });

  it('takes every userId character, percent-encoded or not, and 100 ids', async () => {
    const encoded = await http.get(`/users?ids=${encodeURIComponent('cy:d@e.f-g_h,ann')}`);
    expect(encoded.status).toBe(200);
    expect((encoded.body as { userId: string }[]).map((row) => row.userId)).toEqual([
      'cy:d@e.f-g_h',
      'ann',
    ]);
    const hundred = Array.from({ length: 99 }, (_, index) => `u${index}`).concat('ann');
    const response = await http.get(`/users?ids=${hundred.join(',')}`).expect(200);
    expect(response.body).toEqual([expect.objectContaining({ userId: 'ann' })]);
  });

  it('answers [] when no id is known', async () => {
    const response = await http.get('/users?ids=x1,x2').expect(200);
    expect(response.body).toEqual([]);
  });

  it.each([
    ['no ids', '/users', /ids must be 1-100 distinct userIds/],
    ['an empty ids', '/users?ids=', /not a userId: ""/],
    ['an empty element', '/users?ids=ann,,bob', /not a userId: ""/],
    ['101 ids', `/users?ids=${Array.from({ length: 101 }, (_, i) => `u${i}`).join(',')}`, /1-100/],
    ['a repeated id', '/users?ids=ann,bob,ann', /repeated: ann/],
    ['an invalid id', '/users?ids=ann,bad%2Fid', /not a userId: "bad\/id"/],
    ['ids given twice', '/users?ids=ann&ids=bob', /ids must be given once/],
    ['another parameter', '/users?ids=ann&userLevel=1', /property userLevel should not exist/],
  ])('answers 400 for %s', async (_case, path, message) => {
    const response = await http.get(path).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect((response.body.message as string[]).join('\n')).toMatch(message);
  });
});
