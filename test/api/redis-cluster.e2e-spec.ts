import { Cluster } from 'ioredis';
import request from 'supertest';
import { cacheKeys } from '../../src/cache/testing.js';
import { RedisCluster } from '../support/redis-cluster.js';
import { RedisServer } from '../../support/redis-server.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

/**
 * REDIS_CLUSTER_NODES: the cache runs on a 3-master cluster of the test's own. Every Lua script
 * touches the keys of one row only, which share a hash tag, so each call lands in one slot.
 */
describe('the cache on Redis Cluster', () => {
  let cluster: RedisCluster;
  let lockNode: RedisServer;
  let t: TestApp;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    lockNode = await RedisServer.start();
    t = await createTestApp({
      REDIS_CLUSTER_NODES: cluster.nodesVariable,
      LOCK_REDIS_URLS: lockNode.url,
    });
    http = request(t.app.getHttpServer());
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await lockNode.stop();
    await cluster.stop();
  });

  it('uses a Cluster client', () => {
    expect(t.redis).toBeInstanceOf(Cluster);
  });

  it('caches, post-filters and invalidates rows spread over every node', async () => {
    const userIds = Array.from({ length: 24 }, (_, index) => `cluster:user-${index}`);
    for (const userId of userIds) {
      await http.post('/users').send({ userId, userLevel: 1 }).expect(201);
      await http.get(`/users/${encodeURIComponent(userId)}`).expect(200);
    }
    for (const userId of userIds) {
      expect(await t.redis.exists(cacheKeys('SYSTEM_Person', [userId]).row)).toBe(1);
      await http
        .put(`/users/${encodeURIComponent(userId)}`)
        .send({ userLevel: 2 })
        .expect(200);
      const read = await http.get(`/users/${encodeURIComponent(userId)}?userLevel=2`).expect(200);
      expect(read.body).toMatchObject({ userLevel: 2, version: 2 });
    }
  });

  it('spreads the rows over more than one master', async () => {
    const counts = await Promise.all(
      cluster.nodes.map(async (node) => {
        const client = node.client();
        try {
          return (await client.keys(`${t.config.redis.keyPrefix}*`)).length;
        } finally {
          client.disconnect();
        }
      }),
    );
    expect(counts.filter((count) => count > 0).length).toBeGreaterThan(1);
  });

  it('answers /health with redis up', async () => {
    await http.get('/health').expect(200);
  });
});
