import request from 'supertest';
import { createTestApp, type TestApp } from './support/test-app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('serves /health', async () => {
    const response = await request(t.app.getHttpServer()).get('/health').expect(200);
    expect(response.body.info).toEqual({
      mysql: expect.objectContaining({ status: 'up' }),
      redis: { status: 'up' },
      lock: { status: 'up', nodes: 1, quorum: 1, reachable: 1 },
    });
  });
});
