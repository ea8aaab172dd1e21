import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { CacheRedis, type LeaseReply } from '../../src/cache/testing.js';
import {
  createCacheTestApp,
  createSecondInstance,
  type CacheTestApp,
} from './support/cache-test-app.js';
import { Gate, holdOnce, Signal } from './support/gate.js';
import type { StampedeReport } from './support/stampede-worker.js';

const WORKER = fileURLToPath(new URL('./support/stampede-worker.ts', import.meta.url));
const PROCESSES = 4;
const READS = 1000;

describe('3. stampede across processes', () => {
  let t: CacheTestApp;
  const workers: ChildProcess[] = [];
  beforeAll(async () => {
    t = await createCacheTestApp();
  });
  afterAll(async () => {
    for (const worker of workers) if (worker.exitCode === null) worker.kill('SIGKILL');
    await t.close();
  });

  it(`lease: ${READS} concurrent reads of a cold key from ${PROCESSES} processes → one MySQL load`, async () => {
    await t.users.insert({ userId: 'stampede', userLevel: 8, nickname: null });
    expect(await t.redis.exists(t.userKeys('stampede').row)).toBe(0);
    for (let i = 0; i < PROCESSES; i++) {
      workers.push(
        fork(WORKER, {
          execArgv: ['--import', '@swc-node/register/esm-register'],
          env: {
            ...process.env,
            MYSQL_DATABASE: t.config.mysql.database,
            REDIS_KEY_PREFIX: t.config.redis.keyPrefix,
            CACHE_STRATEGY: 'lease',
            MYSQL_POOL_SIZE: '4',
            LOG_LEVEL: 'error',
          },
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      );
    }
    await Promise.all(workers.map((worker) => once(worker, 'message')));
    const reports = workers.map((worker) => once(worker, 'message') as Promise<[StampedeReport]>);
    for (const worker of workers) worker.send({ userId: 'stampede', reads: READS / PROCESSES });
    const results = (await Promise.all(reports)).map(([report]) => report);

    expect(results.reduce((sum, report) => sum + report.found, 0)).toBe(READS);
    expect(results.reduce((sum, report) => sum + report.loads, 0)).toBe(1);
  }, 120_000);
});

describe('3. stampede: a second process waits for the lease holder', () => {
  let a: CacheTestApp;
  let b: CacheTestApp;
  beforeAll(async () => {
    a = await createCacheTestApp();
    b = await createSecondInstance(a);
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  const loads = (t: CacheTestApp) => t.counter('db_loads_total', { entity: 'UserAuthInfo' });
  const stored = (t: CacheTestApp) =>
    t.counter('cache_fill_total', { entity: 'UserAuthInfo', outcome: 'stored' });

  /** Resolves when `t` is told WAIT (another process holds the lease) for the first time. */
  function toldToWait(t: CacheTestApp): Promise<void> {
    const redis = t.app.get(CacheRedis);
    const original = redis.leaseAcquire.bind(redis);
    const signal = new Signal();
    redis.leaseAcquire = async (...args) => {
      const reply: LeaseReply = await original(...args);
      if (reply[0] === 'WAIT') signal.fire();
      return reply;
    };
    return signal.reached.finally(() => (redis.leaseAcquire = original));
  }

  it('reads the holder fill, without a MySQL load of its own', async () => {
    await a.users.insert({ userId: 'holder-1', userLevel: 2, nickname: null });
    const loaded = new Gate();
    a.probe.install({ afterDbLoad: holdOnce(loaded, a.userKeys('holder-1').row) });
    const [loadsA, loadsB] = [await loads(a), await loads(b)];

    const holder = a.users.findByUserId('holder-1');
    await loaded.reached; // a holds the lease, has loaded, has not filled
    const waited = toldToWait(b);
    const waiter = b.users.findByUserId('holder-1');
    await waited;
    loaded.open();
    expect(await holder).toMatchObject({ userLevel: 2 });
    expect(await waiter).toMatchObject({ userLevel: 2 });
    expect(await loads(a)).toBe(loadsA + 1);
    expect(await loads(b)).toBe(loadsB);
    a.probe.install({});
  });

  it('past the wait bound, reads MySQL itself and leaves the fill to the holder', async () => {
    await a.users.insert({ userId: 'holder-2', userLevel: 3, nickname: null });
    const loaded = new Gate();
    a.probe.install({ afterDbLoad: holdOnce(loaded, a.userKeys('holder-2').row) });
    b.options.readWaitMs = 30;
    const [loadsB, storedA, storedB] = [await loads(b), await stored(a), await stored(b)];

    const holder = a.users.findByUserId('holder-2');
    await loaded.reached;
    expect(await b.users.findByUserId('holder-2')).toMatchObject({ userLevel: 3 });
    expect(await loads(b)).toBe(loadsB + 1);
    expect(await stored(b)).toBe(storedB);
    loaded.open();
    await holder;
    expect(await stored(a)).toBe(storedA + 1);
    a.probe.install({});
    b.options.readWaitMs = 1000;
  });
});
