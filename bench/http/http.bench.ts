/**
 * The HTTP benchmark: `npm run bench -- http` (run it under `flock /tmp/cc-bench.lock`). Needs
 * the machine's MySQL and `redis-server` on the PATH: it starts a redis-server of its own, a
 * MySQL database of its own, and every server as a process of its own on 127.0.0.1; the load
 * client (autocannon) runs in a process of its own too. Prints Markdown.
 *
 * Targets, driven in interleaved slices (each round runs every target once, the order rotating):
 * 1. floor: `node:http` + one ioredis GET + JSON.parse/stringify (`floor-server.ts`);
 * 2. Nest on Fastify with one controller doing one Redis GET (`nest-redis-server.ts`);
 * 3. the app, CACHE_STRATEGY=lease, GET /users/:userId, all hits (1,000 users, 32 connections);
 * 4. `naive`, hits; 5. `none` (every read from MySQL); 6. `lease` with 10 % PUT.
 * Then the floor, Nest + one GET and lease hits again at a fixed offered load (5,000 req/s, open
 * loop: `paced-load.ts`), interleaved the same way, for their latency: the floor's p99 there is
 * what the load client and the machine alone allow, the bound of the app's.
 *
 * HTTP_BENCH_SLICE_S (default 3) and HTTP_BENCH_ROUNDS (default 4) set the slices;
 * HTTP_BENCH_PROFILE=<dir> writes a CPU profile of the lease-hits app into <dir>.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../support/repository-root.js';
import { freePort } from '../../support/free-port.js';
import { RedisServer } from '../../support/redis-server.js';
import { startApp as spawnApp } from '../../support/spawn-app.js';
import { dropDatabase, mysqlServerFromEnv } from '../../support/mysql-server.js';
import { uniqueName } from '../../support/unique-name.js';
import { Redis } from 'ioredis';
import type { LoadResult, LoadSpec } from './load-client.js';

const SLICE_S = Number(process.env.HTTP_BENCH_SLICE_S ?? 3);
const ROUNDS = Number(process.env.HTTP_BENCH_ROUNDS ?? 4);
const PROFILE_DIR = process.env.HTTP_BENCH_PROFILE;
const USERS = 1000;
const CONNECTIONS = 32;
const FIXED_RATE = 5000;
const FIXED_RATE_S = 3;
/**
 * Open loop, one stall of 30 ms (1 % of a 3 s slice's arrivals at 5,000/s) sets a slice's p99:
 * many short slices, and their median.
 */
const FIXED_ROUNDS = 6;
const USER_PREFIX = 'hb';
const FLOOR_PREFIX = 'floor:';
const TS = ['--import', '@swc-node/register/esm-register'];
const here = (file: string) => join(REPOSITORY_ROOT, 'bench', 'http', file);

interface Target {
  name: string;
  url: string;
  pid: number;
  writeShare: number;
}

/** CPU time (user + system) a process has used so far, in µs (from /proc, Linux). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of stat, in clock ticks (100 per second).
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

/** A server script of `bench/http` as a process; resolves once it prints `listening <port>`. */
async function startScript(file: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawn(process.execPath, [...TS, here(file)], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${file} exited with ${code}`)));
  });
  return { child, url: `http://127.0.0.1:${port}`, pid: child.pid! };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** One autocannon run in a process of its own. */
async function load(spec: LoadSpec): Promise<LoadResult> {
  const child = spawn(process.execPath, [...TS, here('load-client.ts'), JSON.stringify(spec)], {
    cwd: REPOSITORY_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`load client exited with ${code}`);
  return JSON.parse(output.trim().split('\n').at(-1)!) as LoadResult;
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const redisServer = await RedisServer.start();
const database = uniqueName('cc_bench_http');
const runPrefix = `${database}:`;
const appEnv = (strategy: string, name: string): Record<string, string> => ({
  MYSQL_DATABASE: database,
  REDIS_URL: redisServer.url,
  LOCK_REDIS_URLS: redisServer.url,
  REDIS_KEY_PREFIX: `${runPrefix}${name}:`,
  CACHE_STRATEGY: strategy,
  MYSQL_POOL_SIZE: '8',
  // `log`: startApp() waits for the start-up line; the app logs nothing per request.
  LOG_LEVEL: 'log',
});
const started: { stop(): Promise<void> }[] = [];

async function startApp(strategy: string, name: string, profile = false) {
  const env: Record<string, string> = {
    ...appEnv(strategy, name),
    PORT: '0',
    REDIS_CLUSTER_NODES: '',
  };
  if (profile && PROFILE_DIR) {
    env.NODE_OPTIONS = `--import=@swc-node/register/esm-register --import=${here('cpu-profile.preload.ts')}`;
    env.CPU_PROFILE_DIR = PROFILE_DIR;
  }
  const app = await spawnApp(env, 90_000);
  started.push({ stop: async () => void (await app.stop()) });
  return app;
}

try {
  // An app of its own creates the database and runs the migrations, and stops, so that the
  // measured apps all start the same way, together (none carries the migrations' heap).
  const setup = await spawnApp(
    { ...appEnv('none', 'setup'), PORT: '0', REDIS_CLUSTER_NODES: '' },
    90_000,
  );
  await setup.stop();
  const [lease, naive, none, writes] = await Promise.all([
    startApp('lease', 'lease', true),
    startApp('naive', 'naive'),
    startApp('none', 'none'),
    startApp('lease', 'lease-writes'),
  ]);
  const floorEnv = { REDIS_URL: redisServer.url, FLOOR_KEY_PREFIX: `${runPrefix}${FLOOR_PREFIX}` };
  const floor = await startScript('floor-server.ts', floorEnv);
  const nest = await startScript('nest-redis-server.ts', floorEnv);
  started.push({ stop: () => stopChild(floor.child) }, { stop: () => stopChild(nest.child) });

  // 1,000 users through the API; the floor servers get the same rows under their own keys.
  // Through the app that takes writes during the run anyway: an app that has served the 1,000
  // inserts answers hits with 30-90 µs more CPU each than one that has not (measured by moving
  // the seeding between processes; see docs/benchmarks.md "HTTP").
  const ids = Array.from({ length: USERS }, (_, index) => `${USER_PREFIX}${index}`);
  const redis = new Redis(redisServer.url);
  await mapLimit(ids, 16, async (userId) => {
    const response = await fetch(`${writes.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId, userLevel: 1, nickname: `nick ${userId}` }),
    });
    if (response.status !== 201) throw new Error(`seeding ${userId}: ${response.status}`);
    await redis.set(`${runPrefix}${FLOOR_PREFIX}{${userId}}`, await response.text());
  });
  redis.disconnect();
  // Every app serves a few writes first, as any app in production has: the first transaction
  // opens an AsyncLocalStorage context (nestjs-cls), which on Node 20 turns on async hooks for
  // every promise from then on. Then every app's cache is warmed (the writes target's PUTs
  // invalidate as they go).
  for (const { url } of [lease, naive, none, writes]) {
    for (const userId of ids.slice(0, 10)) {
      const response = await fetch(`${url}/users/${userId}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ userLevel: 1 }),
      });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`writing ${url}: ${response.status}`);
    }
    await mapLimit(ids, 16, async (userId) => {
      const response = await fetch(`${url}/users/${userId}`);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`warming ${url}: ${response.status}`);
    });
  }

  const targets: Target[] = [
    { name: 'floor (node:http + ioredis GET)', ...floor, writeShare: 0 },
    { name: 'Nest on Fastify + one Redis GET', ...nest, writeShare: 0 },
    { name: 'app, `lease`, hits', ...lease, writeShare: 0 },
    { name: 'app, `naive`, hits', ...naive, writeShare: 0 },
    { name: 'app, `none` (MySQL)', ...none, writeShare: 0 },
    { name: 'app, `lease`, 10 % PUT', ...writes, writeShare: 0.1 },
  ];
  const spec = (target: Target, rate?: number, seconds = SLICE_S): LoadSpec => ({
    url: target.url,
    connections: CONNECTIONS,
    durationSeconds: seconds,
    userPrefix: USER_PREFIX,
    users: USERS,
    writeShare: target.writeShare,
    ...(rate ? { rate } : {}),
  });
  // A short run of each first: JIT, connection pools and caches warm.
  for (const target of targets) await load(spec(target, undefined, 1));

  const slices = new Map<string, (LoadResult & { cpu: number })[]>(
    targets.map((target) => [target.name, []]),
  );
  for (let round = 0; round < ROUNDS; round++) {
    for (let index = 0; index < targets.length; index++) {
      const target = targets[(index + round) % targets.length];
      const before = cpuMicros(target.pid);
      const result = await load(spec(target));
      slices.get(target.name)!.push({ ...result, cpu: cpuMicros(target.pid) - before });
    }
  }
  // The same fixed offered load for the floor, Nest + one GET and lease hits, interleaved.
  const fixedTargets = targets.slice(0, 3);
  const fixedSlices = new Map<string, LoadResult[]>(fixedTargets.map((t) => [t.name, []]));
  for (let round = 0; round < FIXED_ROUNDS; round++) {
    for (let index = 0; index < fixedTargets.length; index++) {
      const target = fixedTargets[(index + round) % fixedTargets.length];
      fixedSlices.get(target.name)!.push(await load(spec(target, FIXED_RATE, FIXED_RATE_S)));
    }
  }
  const fixed = fixedTargets.map((target) => {
    const runs = fixedSlices.get(target.name)!;
    const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
    return {
      name: target.name,
      rps: runs.reduce((sum, run) => sum + run.requests, 0) / seconds,
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      p99Range: [Math.min(...runs.map((run) => run.p99)), Math.max(...runs.map((run) => run.p99))],
      p999: median(runs.map((run) => run.p999)),
      clientCpu: runs.reduce((sum, run) => sum + run.clientCpuMicros, 0) / (seconds * 1e6),
      clientLagP99: median(runs.map((run) => run.scheduleLagP99 ?? NaN)),
      failed: runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
    };
  });
  const [fixedFloor, , fixedLease] = fixed;

  const summary = targets.map((target) => {
    const runs = slices.get(target.name)!;
    const requests = runs.reduce((sum, run) => sum + run.requests, 0);
    const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
    return {
      name: target.name,
      rps: requests / seconds,
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
      p999: median(runs.map((run) => run.p999)),
      failed: runs.reduce((sum, run) => sum + run.non2xx + run.errors + run.timeouts, 0),
      cpuPerRequest: runs.reduce((sum, run) => sum + run.cpu, 0) / requests,
    };
  });
  const floorRps = summary[0].rps;
  const noneRps = summary[4].rps;
  const leaseHits = summary[2];
  const ms = (value: number) => value.toFixed(2);
  /** Met, or out of reach when even the floor's p99 at the same load is above the goal. */
  const p99Verdict = (app: number, floorP99: number) =>
    app <= 2 ? 'yes' : floorP99 > 2 ? `no (bound: floor ${ms(floorP99)} ms)` : 'no';
  const lines = [
    `### ${ROUNDS} rounds of ${SLICE_S} s slices per target, ${CONNECTIONS} connections, ${USERS} users`,
    '',
    '| target | req/s | p50 ms | p99 ms | p99.9 ms | × floor | × `none` | server CPU µs/req | non-2xx + errors |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...summary.map(
      (row) =>
        `| ${row.name} | ${Math.round(row.rps)} | ${ms(row.p50)} | ${ms(row.p99)} | ` +
        `${ms(row.p999)} | ${(row.rps / floorRps).toFixed(2)} | ${(row.rps / noneRps).toFixed(2)} | ` +
        `${Math.round(row.cpuPerRequest)} | ${row.failed} |`,
    ),
    '',
    `### A fixed offered load of ${FIXED_RATE} req/s, ${FIXED_ROUNDS} rounds of ${FIXED_RATE_S} s slices per target`,
    '',
    "| target | achieved req/s | p50 ms | p99 ms | slices' p99 ms | p99.9 ms | load client CPU (cores) | client lag p99 ms | non-2xx + errors |",
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...fixed.map(
      (row) =>
        `| ${row.name} | ${Math.round(row.rps)} | ${ms(row.p50)} | ${ms(row.p99)} | ` +
        `${ms(row.p99Range[0])}–${ms(row.p99Range[1])} | ${ms(row.p999)} | ${row.clientCpu.toFixed(2)} | ${ms(row.clientLagP99)} | ${row.failed} |`,
    ),
    '',
    '### Against the goals',
    '',
    '| goal | measured | met |',
    '| --- | ---: | :---: |',
    `| lease hits ≥ 0.45 × floor | ${(leaseHits.rps / floorRps).toFixed(2)} × | ${leaseHits.rps / floorRps >= 0.45 ? 'yes' : 'no'} |`,
    `| lease hits ≥ 3.5 × \`none\` | ${(leaseHits.rps / noneRps).toFixed(2)} × | ${leaseHits.rps / noneRps >= 3.5 ? 'yes' : 'no'} |`,
    `| p99 at ${FIXED_RATE} req/s ≤ 2 ms | ${ms(fixedLease.p99)} ms | ${p99Verdict(fixedLease.p99, fixedFloor.p99)} |`,
    '',
    `Bounds in this run: the floor's p99 at ${FIXED_RATE} req/s is ${ms(fixedFloor.p99)} ms ` +
      `(what the load client and the machine allow with no app at all); the floor's req/s is ` +
      `${(floorRps / noneRps).toFixed(2)} × \`none\` (no app can be more × \`none\` than that).`,
    '',
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  for (const item of started.reverse()) await item.stop();
  await redisServer.stop();
  await dropDatabase(mysqlServerFromEnv(), database);
}
