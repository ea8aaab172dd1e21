import { LockQuorumError, LockTakenError, NodeTimeoutError } from '../../src/lock/index.js';
import { LockCluster } from './support/cluster.js';

describe.each([3, 5])('Redlock over %i spawned nodes', (count) => {
  const quorum = Math.floor(count / 2) + 1;
  let cluster: LockCluster;
  beforeAll(async () => {
    cluster = await LockCluster.start(count);
  });
  afterAll(() => cluster.stop());

  it(`locks with all nodes up, and with ${count - quorum} killed`, async () => {
    const redlock = await cluster.redlock();
    const all = await redlock.mutex('q').lock();
    await expect(redlock.mutex('q').tryLock()).rejects.toBeInstanceOf(LockTakenError);
    expect(await all.unlock()).toBe(true);

    for (let i = 0; i < count - quorum; i++) await cluster.servers[i].kill();
    const degraded = await redlock.mutex('q').lock();
    expect(await degraded.valid()).toBe(true);
    await expect(redlock.mutex('q').tryLock()).rejects.toBeInstanceOf(LockTakenError);
    expect(await degraded.unlock()).toBe(true);
  });

  it('refuses with one more node killed, naming every failed node', async () => {
    const redlock = await cluster.redlock();
    await cluster.servers[count - quorum].kill();
    const error = await redlock
      .mutex('q')
      .tryLock()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockQuorumError);
    const failures = (error as LockQuorumError).failures;
    expect(failures.length).toBeGreaterThan(count - quorum);
    expect(failures.map((f) => f.node)).toContain(`127.0.0.1:${cluster.servers[0].port}`);
    // lock() waits and reports the last cause, not a plain timeout
    await expect(
      redlock.mutex('q', { waitTimeoutMs: 50, retryDelayMs: 10, retryJitterMs: 0 }).lock(),
    ).rejects.toBeInstanceOf(LockQuorumError);
    for (let i = 0; i <= count - quorum; i++) await cluster.restart(i);
  });

  it('counts a node that does not answer in time as failed (per-node timeout)', async () => {
    const redlock = await cluster.redlock({ nodeTimeoutMs: 100 });
    const paused = await Promise.all(
      Array.from({ length: count - quorum + 1 }, (_, i) => cluster.raw(i)),
    );
    // CLIENT PAUSE answers at once and then holds every other client's commands (the servers
    // are stopped after this test, so the pause can outlast it by far).
    for (const client of paused) await client.call('CLIENT', 'PAUSE', '5000', 'ALL');
    const error = await redlock
      .mutex('paused')
      .tryLock()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockQuorumError);
    expect((error as LockQuorumError).failures[0].error).toBeInstanceOf(NodeTimeoutError);
  });
});

describe('a node restarted empty (3 nodes)', () => {
  let cluster: LockCluster;
  beforeEach(async () => {
    cluster = await LockCluster.start(3);
  });
  afterEach(() => cluster.stop());

  it('without the remedy, two holders can coexist', async () => {
    const a = await cluster.redlock({ ttlMs: 30_000 });
    const b = await cluster.redlock({ ttlMs: 30_000 });
    await cluster.servers[2].kill();
    const first = await a.mutex('r').lock(); // held on nodes 0 and 1
    await cluster.restart(1); // node 1 forgets the key at once
    await cluster.restart(2);
    const second = await b.mutex('r').tryLock(); // nodes 1 and 2: a quorum
    expect(first.remainingMs).toBeGreaterThan(0);
    expect(second.remainingMs).toBeGreaterThan(0); // the known Redlock hazard
    expect(second.fence).toBeGreaterThan(first.fence); // fencing still orders them
  });

  it('with a restart delayed by the TTL, no two holders overlap', async () => {
    const ttlMs = 300;
    const a = await cluster.redlock({ ttlMs });
    const b = await cluster.redlock({ ttlMs });
    await cluster.servers[2].kill();
    const first = await a.mutex('r').lock();
    await cluster.servers[1].kill();
    // The remedy: a crashed node stays down for at least the longest TTL before it rejoins.
    await new Promise((resolve) => setTimeout(resolve, ttlMs));
    await cluster.restart(1);
    await cluster.restart(2);
    expect(first.remainingMs).toBe(0);
    const second = await b.mutex('r').tryLock();
    expect(second.fence).toBeGreaterThan(first.fence);
  });
});

describe('fencing over 3 nodes', () => {
  let cluster: LockCluster;
  beforeAll(async () => {
    cluster = await LockCluster.start(3);
  });
  afterAll(() => cluster.stop());

  it('never hands out a smaller token, whichever quorum answers', async () => {
    const redlock = await cluster.redlock();
    // Counters that disagree, as after a failover or a lost update.
    const fences = [5_000_000_000_000_000, 4_000_000_000_000_000, 3_000_000_000_000_000];
    for (const [i, fence] of fences.entries()) {
      await (await cluster.raw(i)).set('lock:{f}:fence', String(fence));
    }
    const first = await redlock.mutex('f').lock();
    const firstFence = first.fence;
    expect(firstFence).toBe(fences[0] + 1);
    await first.unlock();
    await cluster.servers[0].kill(); // the node that had the largest counter
    const second = await redlock.mutex('f').lock();
    const secondFence = second.fence;
    expect(secondFence).toBeGreaterThan(firstFence);
    await second.unlock();
    await cluster.restart(0); // back empty: its counter restarts from the clock
    await cluster.servers[1].kill();
    const third = await redlock.mutex('f').lock();
    expect(third.fence).toBeGreaterThan(secondFence);
  });
});
