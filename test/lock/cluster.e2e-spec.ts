import { Cluster } from 'ioredis';
import { LockModule, LockService, LockTakenError, Redlock } from '../../src/lock/index.js';
import { SleepHook } from '../../src/lock/testing/index.js';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { RedisCluster } from '../support/redis-cluster.js';
import { createTestApp } from '../support/test-app.js';
import { uniqueName } from '../../support/unique-name.js';

describe('the lock on Redis Cluster', () => {
  let cluster: RedisCluster;
  let context: INestApplicationContext;
  const keyPrefix = `${uniqueName('lock_cluster')}:`;
  const hook = new SleepHook();
  beforeAll(async () => {
    cluster = await RedisCluster.start(3);
    const moduleRef = await Test.createTestingModule({
      imports: [
        LockModule.forRoot({
          clusterNodes: cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
          keyPrefix,
          // Only a release message can wake a waiter within this test.
          defaults: { fencing: true },
        }),
      ],
    }).compile();
    context = await moduleRef.init();
  }, 60_000);
  afterAll(async () => {
    await context?.close();
    await cluster.stop();
  });

  it('locks, refuses a second owner, fences, and wakes a waiter by the release', async () => {
    const locks = context.get(LockService);
    const first = await locks.lock('order:1');
    await expect(locks.tryLock('order:1')).rejects.toBeInstanceOf(LockTakenError);
    // A waiter of another instance: only the release message, through the cluster, wakes it.
    const otherClient = new Cluster(
      cluster.nodes.map((node) => ({ host: '127.0.0.1', port: node.port })),
      { keyPrefix },
    );
    const other = new Redlock([otherClient], {
      defaults: { retryDelayMs: 30_000, retryJitterMs: 0, fencing: true },
      observer: hook,
    });
    const asleep = hook.asleep();
    const waiting = other.mutex('order:1').lock();
    await asleep;
    const fence = first.fence;
    await first.unlock();
    const second = await waiting;
    const secondFence = second.fence;
    expect(secondFence).toBeGreaterThan(fence);
    await second.unlock();
    const alone = await locks.tryLock('order:1');
    expect(alone.fence).toBeGreaterThan(secondFence);
    await alone.unlock();
    other.close();
    otherClient.disconnect();
  });

  it('keeps each lock and its fence on one slot, with resources spread over the masters', async () => {
    const locks = context.get(LockService);
    const held = await Promise.all(Array.from({ length: 24 }, (_, i) => locks.lock(`spread:${i}`)));
    const perNode = await Promise.all(
      cluster.nodes.map(async (node) => {
        const client = node.client();
        try {
          return (await client.keys(`${keyPrefix}lock:{spread:*`)).length;
        } finally {
          client.disconnect();
        }
      }),
    );
    expect(perNode.filter((count) => count > 0).length).toBeGreaterThan(1);
    expect(perNode.reduce((a, b) => a + b, 0)).toBe(24 * 2); // key + fence counter, together
    await Promise.all(held.map((mutex) => mutex.unlock()));
    expect(await context.get(Redlock).health()).toEqual({ reachable: 1, nodes: 1, quorum: 1 });
  });

  it('is what the app uses when only REDIS_CLUSTER_NODES is set', async () => {
    const t = await createTestApp({ REDIS_CLUSTER_NODES: cluster.nodesVariable });
    try {
      expect(t.redis).toBeInstanceOf(Cluster);
      const mutex = await t.app.get(LockService).lock('app-on-cluster');
      expect(await t.redis.get('lock:{app-on-cluster}')).toBe(mutex.value);
      await mutex.unlock();
    } finally {
      await t.close();
    }
  }, 60_000);
});
