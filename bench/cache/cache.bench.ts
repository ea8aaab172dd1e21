/**
 * The cache benchmark: `node --import @swc-node/register/esm-register bench/cache/cache.bench.ts`
 * (or `npm run bench -- cache`). Needs the machine's MySQL and `redis-server` on the PATH: it
 * starts a redis-server of its own (so that INFO commandstats and MONITOR see only its own
 * commands) and a MySQL database of its own, and drops both at the end. Prints Markdown.
 *
 * 1. hit path: a cached read through the aspect vs a raw ioredis GET + JSON.parse of the same row;
 * 2. hit path: `lease` vs `naive`;
 * 3. Redis round trips and executed commands per hit, miss and write;
 * 3b. a batch read of 50 keys (all hits) vs 50 single reads;
 * 4. MySQL loads for a cold-key stampede of 1,000 reads over 4 app instances, `lease` vs `naive`.
 */
import { performance } from 'node:perf_hooks';
import { cacheKeys, CacheRedis } from '../../src/cache/testing.js';
import type { CacheStrategyName } from '../../src/cache/index.js';
import { loadAppConfig } from '../../src/config/index.js';
import { dropDatabase, mysqlServerFromEnv } from '../../support/mysql-server.js';
import { RedisServer } from '../../support/redis-server.js';
import { uniqueName } from '../../support/unique-name.js';
import { createBenchApp, type BenchApp } from './bench-app.js';
import { CommandCounter } from './command-counter.js';

const HIT_OPS = Number(process.env.BENCH_HIT_OPS ?? 60_000);
const BATCH = 1_000;
const CONCURRENCY = 32;
/**
 * Rows at 32 in flight (and without the network) read ten times as much, in batches ten times
 * as large, as rows at 1 in flight: each row then runs for about the same wall time. A batch of
 * 1,000 reads at 32 in flight lasts about 11 ms, and on this shared machine one batch in two or
 * three ran 4–5 ms slower, on either side alike: with 60 such batches, five runs of the same
 * code gave 0.89–0.97x (docs/benchmarks.md, "A leaner row key").
 */
const FAST_ROW_SCALE = 10;
const STAMPEDE_READS = 1000;
const STAMPEDE_INSTANCES = 4;
const BATCH_KEYS = 50;
const BATCH_OPS = Number(process.env.BENCH_BATCH_OPS ?? 2_000);

const redisServer = await RedisServer.start();
const database = uniqueName('cc_bench');
const configFor = (strategy: CacheStrategyName) =>
  loadAppConfig({
    ...process.env,
    MYSQL_DATABASE: database,
    REDIS_URL: redisServer.url,
    LOCK_REDIS_URLS: redisServer.url,
    REDIS_KEY_PREFIX: `bench:${strategy}:`,
    CACHE_STRATEGY: strategy,
    MYSQL_POOL_SIZE: '5',
    LOG_LEVEL: 'error',
  });

const apps: BenchApp[] = [];
async function app(strategy: CacheStrategyName): Promise<BenchApp> {
  const created = await createBenchApp(configFor(strategy));
  apps.push(created);
  return created;
}

interface Measured {
  /** Operations per second of wall time. */
  opsPerSecond: number;
  /** Client CPU (this process) per operation, µs. */
  cpuMicros: number;
}

/** Runs `op` `total` times from `concurrency` loops; wall and CPU time spent. */
async function run(op: () => Promise<unknown>, total: number, concurrency: number) {
  let left = total;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (left-- > 0) await op();
    }),
  );
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - started, cpuMicros: used.user + used.system };
}

/**
 * `a` and `b` in small interleaved batches (a b b a …), so that both see the same noise from
 * the rest of the machine; totals over all batches.
 */
async function compare(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  concurrency: number,
  total = HIT_OPS,
  batchSize = BATCH,
): Promise<{ a: Measured; b: Measured }> {
  await run(a, batchSize, concurrency);
  await run(b, batchSize, concurrency);
  const totals = { a: { wallMs: 0, cpuMicros: 0 }, b: { wallMs: 0, cpuMicros: 0 } };
  const add = (side: 'a' | 'b', spent: { wallMs: number; cpuMicros: number }) => {
    totals[side].wallMs += spent.wallMs;
    totals[side].cpuMicros += spent.cpuMicros;
  };
  for (let batch = 0; batch < total / batchSize; batch++) {
    const order = batch % 2 ? (['b', 'a'] as const) : (['a', 'b'] as const);
    for (const side of order) add(side, await run(side === 'a' ? a : b, batchSize, concurrency));
  }
  const measured = (side: 'a' | 'b'): Measured => ({
    opsPerSecond: total / (totals[side].wallMs / 1000),
    cpuMicros: totals[side].cpuMicros / total,
  });
  return { a: measured('a'), b: measured('b') };
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

  print(
    `Hit path: ${fmt(HIT_OPS)} reads per side at 1 in flight, in interleaved batches of ` +
      `${fmt(BATCH)} (a b b a …), ${FAST_ROW_SCALE} times both at ${CONCURRENCY} in flight and ` +
      'without the network; throughput ratio from wall time, and client CPU per read.',
  );
  print();
  print(
    '| comparison | in flight | baseline reads/s | measured reads/s | ratio | goal | client CPU µs/read (baseline → measured) |',
  );
  print('|---|---|---|---|---|---|---|');
  const compareAt = (
    a: () => Promise<unknown>,
    b: () => Promise<unknown>,
    concurrency: number,
    scale = concurrency === 1 ? 1 : FAST_ROW_SCALE,
  ) => compare(a, b, concurrency, HIT_OPS * scale, BATCH * scale);
  const row = (name: string, goal: string, concurrency: number, r: { a: Measured; b: Measured }) =>
    print(
      `| ${name} | ${concurrency} | ${fmt(r.a.opsPerSecond)} | ${fmt(r.b.opsPerSecond)} | ` +
        `${ratio(r.b.opsPerSecond / r.a.opsPerSecond)} | ${goal} | ` +
        `${r.a.cpuMicros.toFixed(1)} → ${r.b.cpuMicros.toFixed(1)} |`,
    );
  for (const concurrency of [1, CONCURRENCY]) {
    row(
      'aspect hit vs raw GET + JSON.parse',
      concurrency === 1 ? '≥ 0.90x' : '≥ 0.95x',
      concurrency,
      await compareAt(rawGet, aspectHit, concurrency),
    );
  }
  // The aspect's own CPU, without the network: the same GET answered from memory on both sides.
  const cacheRedis = lease.context.get(CacheRedis);
  const cachedText = (await cacheRedis.get(rowKey))!;
  const realGet = cacheRedis.get.bind(cacheRedis);
  cacheRedis.get = () => Promise.resolve(cachedText);
  const parseOnly = async () => JSON.parse(await Promise.resolve(cachedText)) as unknown;
  row(
    'aspect hit vs JSON.parse, no network',
    '(overhead)',
    1,
    await compareAt(parseOnly, aspectHit, 1, FAST_ROW_SCALE),
  );
  cacheRedis.get = realGet;
  for (const concurrency of [1, CONCURRENCY]) {
    row(
      'lease hit vs naive hit',
      '≥ 0.95x',
      concurrency,
      await compareAt(naiveHit, aspectHit, concurrency),
    );
  }

  // Batch reads: 50 keys, all hits, against the same 50 rows read one by one (concurrently).
  const batchIds = Array.from({ length: BATCH_KEYS }, (_, i) => `bench-batch-${i}`);
  for (const userId of batchIds) {
    await lease.users.insert({ userId, userLevel: 1, nickname: null });
  }
  await lease.users.findByUserIds(batchIds);
  const singles = () => Promise.all(batchIds.map((userId) => lease.users.findByUserId(userId)));
  const batched = () => lease.users.findByUserIds(batchIds);
  const batch = await compare(singles, batched, 4, BATCH_OPS, BATCH_OPS / 10);
  print();
  print(
    `Batch read of ${BATCH_KEYS} keys, all hits, vs the same ${BATCH_KEYS} rows as single reads ` +
      `(sent together), 4 in flight, ${fmt(BATCH_OPS)} calls per side in interleaved batches:`,
  );
  print();
  print('| | rows/s | client CPU µs/row |');
  print('|---|---|---|');
  print(
    `| ${BATCH_KEYS} single reads | ${fmt(batch.a.opsPerSecond * BATCH_KEYS)} | ${(batch.a.cpuMicros / BATCH_KEYS).toFixed(1)} |`,
  );
  print(
    `| one batch read | ${fmt(batch.b.opsPerSecond * BATCH_KEYS)} | ${(batch.b.cpuMicros / BATCH_KEYS).toFixed(1)} |`,
  );
  print(`| ratio | ${ratio(batch.b.opsPerSecond / batch.a.opsPerSecond)} | |`);

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
  await measure('write (update)', '≤ 2', () => lease.update('bench-rt', { userLevel: 2 }));
  await measure('negative miss', '≤ 3', () => lease.users.findByUserId('bench-nobody'));
  await measure('negative hit', '1', () => lease.users.findByUserId('bench-nobody'));
  await measure(`batch of ${BATCH_KEYS}, all hits`, '1', () => lease.users.findByUserIds(batchIds));
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
      const instance = await createBenchApp(configFor(strategy));
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
  await dropDatabase(mysqlServerFromEnv(), database);
  await redisServer.stop();
}
process.stdout.write(`${out.join('\n')}\n`);
