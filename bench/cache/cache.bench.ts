/**
 * The cache benchmark: `node --import @swc-node/register/esm-register bench/cache/cache.bench.ts`
 * (or `npm run bench -- cache`). Needs the machine's MySQL and `redis-server` on the PATH: it
 * starts a redis-server of its own (so that INFO commandstats and MONITOR see only its own
 * commands) and a MySQL database of its own, and drops both at the end. Prints Markdown.
 *
 * 1. hit path: a cached read through the aspect vs a raw ioredis GET + JSON.parse of the same row;
 * 2. hit path: `lease` vs `naive`;
 * 3. Redis round trips and executed commands per hit, miss and write;
 * 4. MySQL loads for a cold-key stampede of 1,000 reads over 4 app instances, `lease` vs `naive`.
 */
import { performance } from 'node:perf_hooks';
import { cacheKeys } from '../../src/cache/cache-keys.js';
import type { CacheStrategyName } from '../../src/config/app-config.interface.js';
import { RedisServer } from '../../test/support/redis-server.js';
import { dropDatabase, testConfig, uniqueName } from '../../test/support/test-env.js';
import { createBenchApp, type BenchApp } from './bench-app.js';
import { CommandCounter } from './command-counter.js';

const HIT_OPS = Number(process.env.BENCH_HIT_OPS ?? 20_000);
const ROUNDS = 9;
const CONCURRENCY = 32;
const STAMPEDE_READS = 1000;
const STAMPEDE_INSTANCES = 4;

const redisServer = await RedisServer.start();
const database = uniqueName('cc_bench');
const configFor = (strategy: CacheStrategyName, instance = 0) =>
  testConfig({
    MYSQL_DATABASE: database,
    REDIS_URL: redisServer.url,
    LOCK_REDIS_URLS: redisServer.url,
    REDIS_KEY_PREFIX: `bench:${strategy}:`,
    CACHE_STRATEGY: strategy,
    LOG_LEVEL: 'error',
    ...(instance ? {} : {}),
  });

const apps: BenchApp[] = [];
async function app(strategy: CacheStrategyName): Promise<BenchApp> {
  const created = await createBenchApp(configFor(strategy));
  apps.push(created);
  return created;
}

/** Operations per second of `op`, run `total` times by `concurrency` loops. */
async function opsPerSecond(op: () => Promise<unknown>, total: number, concurrency: number) {
  let left = total;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await op();
    }),
  );
  return total / ((performance.now() - started) / 1000);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Median ops/s of `a` and `b`, measured in alternating rounds (same warm-up, same noise). */
async function compare(a: () => Promise<unknown>, b: () => Promise<unknown>, concurrency: number) {
  await opsPerSecond(a, HIT_OPS / 4, concurrency);
  await opsPerSecond(b, HIT_OPS / 4, concurrency);
  const [as, bs]: [number[], number[]] = [[], []];
  for (let round = 0; round < ROUNDS; round++) {
    as.push(await opsPerSecond(a, HIT_OPS, concurrency));
    bs.push(await opsPerSecond(b, HIT_OPS, concurrency));
  }
  return { a: median(as), b: median(bs) };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ratio = (n: number) => `${n.toFixed(2)}x`;
const out: string[] = [];
const print = (line = '') => {
  out.push(line);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${line}\n`);
};

try {
  const lease = await app('lease');
  const naive = await app('naive');
  await lease.users.insert({ userId: 'bench-hit', userLevel: 3, nickname: 'bench' });
  await lease.users.findByUserId('bench-hit');
  await naive.users.findByUserId('bench-hit');
  const rowKey = cacheKeys('SYSTEM_Person', ['bench-hit']).row;
  const rawGet = async () => JSON.parse((await lease.redis.get(rowKey))!) as unknown;
  const aspectHit = () => lease.users.findByUserId('bench-hit');
  const naiveHit = () => naive.users.findByUserId('bench-hit');

  print(`Hit path: ${fmt(HIT_OPS)} reads per round, median of ${ROUNDS} alternating rounds.`);
  print();
  print('| comparison | in flight | baseline ops/s | measured ops/s | ratio | goal |');
  print('|---|---|---|---|---|---|');
  for (const concurrency of [1, CONCURRENCY]) {
    const raw = await compare(rawGet, aspectHit, concurrency);
    print(
      `| aspect hit vs raw GET + JSON.parse | ${concurrency} | ${fmt(raw.a)} | ${fmt(raw.b)} | ${ratio(raw.b / raw.a)} | ≥ 0.90x |`,
    );
  }
  for (const concurrency of [1, CONCURRENCY]) {
    const vs = await compare(naiveHit, aspectHit, concurrency);
    print(
      `| lease hit vs naive hit | ${concurrency} | ${fmt(vs.a)} | ${fmt(vs.b)} | ${ratio(vs.b / vs.a)} | ≥ 0.95x |`,
    );
  }

  print();
  print('Redis per operation (`lease`), on the bench’s own redis-server:');
  print();
  print(
    '| operation | round trips (MONITOR) | goal | commands executed (INFO commandstats, scripts’ insides included) |',
  );
  print('|---|---|---|---|');
  const admin = redisServer.client();
  const counter = await CommandCounter.watch(admin, lease.redis);
  await lease.users.insert({ userId: 'bench-rt', userLevel: 1, nickname: null });
  const measure = async (name: string, goal: string, op: () => Promise<unknown>) => {
    await counter.start();
    await op();
    const { roundTrips, executed } = await counter.stop();
    print(`| ${name} | ${roundTrips} | ${goal} | ${executed} |`);
  };
  await measure('miss (load + fill)', '≤ 3', () => lease.users.findByUserId('bench-rt'));
  await measure('hit', '1', () => lease.users.findByUserId('bench-rt'));
  await measure('write (update)', '≤ 2', () => lease.users.update('bench-rt', { userLevel: 2 }));
  await measure('negative miss', '≤ 3', () => lease.users.findByUserId('bench-nobody'));
  await measure('negative hit', '1', () => lease.users.findByUserId('bench-nobody'));
  await counter.close();

  print();
  print(
    `Cold-key stampede: ${fmt(STAMPEDE_READS)} concurrent reads spread over ${STAMPEDE_INSTANCES} app instances (each with its own connections and single flight, as separate processes would have):`,
  );
  print();
  print('| strategy | MySQL loads | goal | wall time |');
  print('|---|---|---|---|');
  for (const [strategy, goal] of [
    ['lease', '1'],
    ['naive', `~${fmt(STAMPEDE_READS)}`],
  ] as const) {
    const instances: BenchApp[] = [];
    for (let i = 0; i < STAMPEDE_INSTANCES; i++) {
      const instance = await createBenchApp(configFor(strategy, i));
      instances.push(instance);
      apps.push(instance);
    }
    const userId = `stampede-${strategy}`;
    await instances[0].users.insert({ userId, userLevel: 1, nickname: null });
    const before = await Promise.all(instances.map((instance) => instance.dbLoads()));
    const started = performance.now();
    await Promise.all(
      Array.from({ length: STAMPEDE_READS }, (_, i) =>
        instances[i % STAMPEDE_INSTANCES].users.findByUserId(userId),
      ),
    );
    const elapsed = performance.now() - started;
    const after = await Promise.all(instances.map((instance) => instance.dbLoads()));
    const loads = after.reduce((sum, value, i) => sum + value - before[i], 0);
    print(`| ${strategy} | ${fmt(loads)} | ${goal} | ${fmt(elapsed)} ms |`);
  }
} finally {
  for (const created of apps) await created.close().catch(() => undefined);
  await dropDatabase(configFor('lease'));
  await redisServer.stop();
}
process.stdout.write(`${out.join('\n')}\n`);
