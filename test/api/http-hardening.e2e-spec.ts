import request from 'supertest';
import { listenLocally, rawRequest } from '../support/raw-http.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP input hardening', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
  });
  afterAll(() => t.close());

  it('answers 413 in Nest error shape for a 101 kB body and stores nothing', async () => {
    const body = JSON.stringify({ userId: 'big', userLevel: 1, nickname: 'x'.repeat(101 * 1024) });
    const response = await http
      .post('/users')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(413);
    expect(response.body).toEqual({
      statusCode: 413,
      message: 'request body exceeds 100kb',
      error: 'Payload Too Large',
    });
    await http.get('/users/big').expect(404);
  });

  it('accepts a body just under the limit (then validation decides)', async () => {
    const body = JSON.stringify({ userId: 'big', userLevel: 1, nickname: 'x'.repeat(99 * 1024) });
    const response = await http
      .post('/users')
      .set('Content-Type', 'application/json')
      .send(body)
      .expect(400);
    expect(JSON.stringify(response.body.message)).toMatch(/nickname/);
  });

  it('answers 400 in Nest error shape for malformed JSON', async () => {
    const response = await http
      .post('/users')
      .set('Content-Type', 'application/json')
      .send('{"userId": "x",')
      .expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    expect(response.body.message).toMatch(/invalid JSON body/);
  });

  it('answers 400 for a JSON array instead of an object', async () => {
    await http
      .post('/users')
      .send([{ userId: 'arr', userLevel: 1 }])
      .expect(400);
  });

  it('answers 413 from Content-Length alone, before any of the body is sent', async () => {
    // The headers announce 10 MB and no byte of the body ever goes out: an answer can only come
    // from the header.
    const answer = await rawRequest(await listenLocally(t.app), {
      method: 'POST',
      path: '/users',
      headers: { 'content-type': 'application/json', 'content-length': String(10 * 1024 * 1024) },
    });
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body)).toEqual({
      statusCode: 413,
      message: 'request body exceeds 100kb',
      error: 'Payload Too Large',
    });
  });

  it.each([
    ['text/plain', 'text/plain', '{"userId":"txt","userLevel":1}'],
    ['form', 'application/x-www-form-urlencoded', 'userId=form&userLevel=1'],
  ])('answers 415 for a %s body and stores nothing', async (_case, type, body) => {
    const response = await http.post('/users').set('Content-Type', type).send(body).expect(415);
    expect(response.body).toEqual({
      statusCode: 415,
      message: `unsupported Content-Type "${type}": send application/json`,
      error: 'Unsupported Media Type',
    });
    await http.get('/users/txt').expect(404);
    await http.get('/users/form').expect(404);
  });

  it('answers 415 for a body without Content-Type', async () => {
    const response = await http
      .post('/users')
      .set('Content-Type', '')
      .send('{"userId":"none","userLevel":1}')
      .expect(415);
    expect(response.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    await http.get('/users/none').expect(404);
  });

  it('accepts application/json with a charset parameter', async () => {
    await http
      .post('/users')
      .set('Content-Type', 'application/json; charset=utf-8')
      .send('{"userId":"charset","userLevel":1}')
      .expect(201);
  });

  it('answers 404 in Nest error shape for an unknown route', async () => {
    const response = await http.get('/nowhere').expect(404);
    expect(response.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
  });
});
