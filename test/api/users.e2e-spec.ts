import request from 'supertest';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('users API', () => {
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    t = await createTestApp();
    http = request(t.app.getHttpServer());
  });
  afterAll(() => t.close());

  describe('POST /users', () => {
    it('creates a row with version 1 and answers 201 with it', async () => {
      const response = await http
        .post('/users')
        .send({ userId: 'create.ok', userLevel: 3, nickname: 'Ann' })
        .expect(201);
      expect(response.body).toEqual({
        id: expect.any(Number),
        userId: 'create.ok',
        userLevel: 3,
        nickname: 'Ann',
        version: 1,
        updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      });
    });

    it('accepts every allowed userId character and a missing nickname', async () => {
      const userId = 'a_b.c:d@e-F9';
      const response = await http.post('/users').send({ userId, userLevel: 0 }).expect(201);
      expect(response.body).toMatchObject({ userId, nickname: null });
      await http.get(`/users/${encodeURIComponent(userId)}`).expect(200);
    });

    it('answers 409 when the userId exists', async () => {
      await http.post('/users').send({ userId: 'dup', userLevel: 1 }).expect(201);
      const response = await http.post('/users').send({ userId: 'dup', userLevel: 2 }).expect(409);
      expect(response.body).toEqual({
        statusCode: 409,
        message: 'user dup already exists',
        error: 'Conflict',
      });
    });

    it('treats userIds that differ only in case as different rows', async () => {
      await http.post('/users').send({ userId: 'CaseUser', userLevel: 1 }).expect(201);
      await http.post('/users').send({ userId: 'caseuser', userLevel: 2 }).expect(201);
      const upper = await http.get('/users/CaseUser').expect(200);
      expect(upper.body.userLevel).toBe(1);
    });

    it.each([
      ['a forbidden character', { userId: 'bad/id', userLevel: 1 }, /userId/],
      ['a space', { userId: 'bad id', userLevel: 1 }, /userId/],
      ['an empty userId', { userId: '', userLevel: 1 }, /userId/],
      ['a 65-character userId', { userId: 'x'.repeat(65), userLevel: 1 }, /userId/],
      ['userLevel above 1000', { userId: 'lvl', userLevel: 1001 }, /userLevel/],
      ['a negative userLevel', { userId: 'lvl', userLevel: -1 }, /userLevel/],
      ['a fractional userLevel', { userId: 'lvl', userLevel: 1.5 }, /userLevel/],
      ['a string userLevel', { userId: 'lvl', userLevel: '3' }, /userLevel/],
      ['a missing userLevel', { userId: 'lvl' }, /userLevel/],
      [
        'a 65-character nickname',
        { userId: 'nick', userLevel: 1, nickname: 'n'.repeat(65) },
        /nickname/,
      ],
      [
        'an unknown field',
        { userId: 'extra', userLevel: 1, admin: true },
        /property admin should not exist/,
      ],
    ])('answers 400 for %s and stores nothing', async (_case, body, message) => {
      const response = await http.post('/users').send(body).expect(400);
      expect(response.body.error).toBe('Bad Request');
      expect(JSON.stringify(response.body.message)).toMatch(message);
      const userId = (body as { userId?: string }).userId;
      if (userId && /^[A-Za-z0-9_.:@-]{1,64}$/.test(userId)) {
        await http.get(`/users/${userId}`).expect(404);
      }
    });
  });

  describe('GET /users/:userId', () => {
    beforeAll(async () => {
      await http.post('/users').send({ userId: 'reader', userLevel: 5, nickname: 'R' }).expect(201);
    });

    it('answers 200 with the row', async () => {
      const response = await http.get('/users/reader').expect(200);
      expect(response.body).toMatchObject({
        userId: 'reader',
        userLevel: 5,
        nickname: 'R',
        version: 1,
      });
    });

    it('answers 200 when userLevel matches and 404 when it differs (the post-filter)', async () => {
      await http.get('/users/reader?userLevel=5').expect(200);
      const response = await http.get('/users/reader?userLevel=6').expect(404);
      expect(response.body).toEqual({
        statusCode: 404,
        message: 'user reader not found',
        error: 'Not Found',
      });
    });

    it('answers 404 for a missing user', async () => {
      await http.get('/users/nobody').expect(404);
    });

    it.each([
      ['a forbidden character in the id', '/users/bad%2Fid'],
      ['a non-numeric userLevel', '/users/reader?userLevel=abc'],
      ['a userLevel out of range', '/users/reader?userLevel=1001'],
      ['an unknown query field', '/users/reader?foo=1'],
    ])('answers 400 for %s', async (_case, path) => {
      const response = await http.get(path).expect(400);
      expect(response.body.statusCode).toBe(400);
    });
  });

  describe('PUT /users/:userId', () => {
    beforeAll(async () => {
      await http.post('/users').send({ userId: 'writer', userLevel: 1 }).expect(201);
    });

    it('updates, bumps version by one each time, and returns the new row', async () => {
      const first = await http.put('/users/writer').send({ nickname: 'W' }).expect(200);
      expect(first.body).toMatchObject({
        userId: 'writer',
        userLevel: 1,
        nickname: 'W',
        version: 2,
      });
      const second = await http.put('/users/writer').send({ userLevel: 9 }).expect(200);
      expect(second.body).toMatchObject({ userLevel: 9, nickname: 'W', version: 3 });
      const read = await http.get('/users/writer').expect(200);
      expect(read.body).toEqual(second.body);
    });

    it('can clear the nickname with null', async () => {
      const response = await http.put('/users/writer').send({ nickname: null }).expect(200);
      expect(response.body.nickname).toBeNull();
    });

    it('answers 404 for a missing user', async () => {
      await http.put('/users/ghost').send({ userLevel: 1 }).expect(404);
    });

    it.each([
      ['an empty patch', {}, /at least one/],
      ['userLevel out of range', { userLevel: 5000 }, /userLevel/],
      ['an unknown field', { version: 99 }, /property version should not exist/],
      ['userId in the body', { userId: 'other', userLevel: 1 }, /property userId should not exist/],
    ])('answers 400 for %s and changes nothing', async (_case, body, message) => {
      const before = await http.get('/users/writer').expect(200);
      const response = await http.put('/users/writer').send(body).expect(400);
      expect(JSON.stringify(response.body.message)).toMatch(message);
      const after = await http.get('/users/writer').expect(200);
      expect(after.body.version).toBe(before.body.version);
    });
  });

  describe('DELETE /users/:userId', () => {
    it('answers 204, then the user is gone (404 on read and on a second delete)', async () => {
      await http.post('/users').send({ userId: 'doomed', userLevel: 1 }).expect(201);
      await http.get('/users/doomed').expect(200);
      const response = await http.delete('/users/doomed').expect(204);
      expect(response.text).toBe('');
      await http.get('/users/doomed').expect(404);
      await http.delete('/users/doomed').expect(404);
    });

    it('lets the userId be created again', async () => {
      await http.post('/users').send({ userId: 'reborn', userLevel: 1 }).expect(201);
      await http.delete('/users/reborn').expect(204);
      const response = await http
        .post('/users')
        .send({ userId: 'reborn', userLevel: 2 })
        .expect(201);
      expect(response.body).toMatchObject({ userLevel: 2, version: 1 });
      await http.get('/users/reborn?userLevel=2').expect(200);
    });
  });
});
