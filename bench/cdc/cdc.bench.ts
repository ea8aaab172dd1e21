/**
 * The binlog change data capture benchmark (`CACHE_CDC=binlog`):
 * `node --import @swc-node/register/esm-register bench/cdc/cdc.bench.ts` (or
 * `npm run bench -- cdc`). Needs `mariadbd`, `mariadb-install-db` and `redis-server` on the PATH:
 * it starts three mariadbds of its own with the ROW binlog (one per side of the cost comparison,
 * so that one side's stream never sees the other's writes) and a redis-server of its own (so
 * that INFO commandstats counts only its apps), and stops them at the end. Prints Markdown.
 *
 * 1. lag: out-of-band UPDATEs at 100/s and 1,000/s, from their completion to their invalidation;
 * 2. Redis commands per out-of-band row event with 1 and 3 processes tailing the binlog;
 * 3. in-app writes/s with CDC off, on (1 process tails) and on (3 processes tail), interleaved.
 */
import { processCpuMicros } from './process-cpu.js';
import { startApp, type RunningApp } from '../../support/spawn-app.js';
import { RedisServer } from '../../support/redis-server.js';
import { startCdcBenchServer, type CdcBenchServer } from './cdc-bench-server.js';
import { bucketQuantileMs, lagBuckets } from './lag-histogram.js';
import { outOfBandLag, percentile } from './out-of-band-lag.js';
import { commandStats, commandsPer } from './redis-command-stats.js';
import { interleavedWrites } from './write-cost.js';

const LAG_SECONDS = Number(process.env.BENCH_CDC_LAG_SECONDS ?? 10);
const RATES = [100, 1_000];
const TAILERS_SECONDS = 5;
const EXTRA_TAILERS = 2;
const ROUNDS = Number(process.env.BENCH_CDC_ROUNDS ?? 8);
const SLICE_MS = 1_500;
const IN_FLIGHT = 8;
const LAG_GOAL_MS = 50;

const out: string[] = [];
const print = (line = '') => {
  out.push(line);
  if (process.env.BENCH_VERBOSE) process.stderr.write(`${line}\n`);
};
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => n.toFixed(1);

const redisServer = await RedisServer.start();
const admin = redisServer.client();
const servers: CdcBenchServer[] = [];
const tailers: RunningApp[] = [];
const start = async (cdc: boolean, rows: number) => {
  const server = await startCdcBenchServer({ cdc, redisUrl: redisServer.url, rows });
  servers.push(server);
  return server;
};

/** One out-of-band run: its lag row, and the Redis commands it cost per row event. */
async function lagRun(server: CdcBenchServer, tailing: number, perSecond: number, seconds: number) {
  await server.cacheRows(perSecond * seconds);
  const buckets = await lagBuckets(server);
  const commands = await commandStats(admin);
  const result = await outOfBandLag(server, perSecond, seconds);
  const perEvent = commandsPer(commands, await commandStats(admin), result.writes);
  const metricP99 = bucketQuantileMs(buckets, await lagBuckets(server), 0.99);
  const { lagsMs } = result;
  const p99 = percentile(lagsMs, 0.99);
  print(
    `| ${tailing} | ${fmt(perSecond)}/s × ${seconds} s (${fmt(result.achievedPerSecond)}/s) | ` +
      `${fmt(result.writes)} | ${result.missed} | ${ms(lagsMs[0])} | ${ms(percentile(lagsMs, 0.5))} | ` +
      `${ms(p99)} | ${ms(lagsMs[lagsMs.length - 1])} | ≤ ${metricP99} | ` +
      `${p99 <= LAG_GOAL_MS ? 'met' : 'not met'} |`,
  );
  return perEvent;
}

try {
  const off = await start(false, 1_000);
  const one = await start(true, LAG_SECONDS * Math.max(...RATES));
  const three = await start(true, TAILERS_SECONDS * Math.max(...RATES));

  print(
    'Lag of out-of-band writes (autocommit `UPDATE … SET version = version + 1` of distinct ' +
      'cached rows from 8 plain mysql2 connections, on an open-loop schedule): from the ' +
      'client’s OK of the UPDATE to the row’s invalidation done (`afterCdcInvalidation`), ms. ' +
      'The last column is the p99 of `cache_cdc_lag_seconds` over the same run, rounded up to ' +
      'its bucket bound.',
  );
  print();
  print(
    '| processes tailing | schedule (achieved) | writes | missed | min | p50 | p99 | max | metric p99 | goal p99 ≤ 50 ms |',
  );
  print('|---|---|---|---|---|---|---|---|---|---|');
  for (const perSecond of RATES) await lagRun(one, 1, perSecond, LAG_SECONDS);
  const perEventOne = await lagRun(three, 1, 100, TAILERS_SECONDS);
  for (let i = 0; i < EXTRA_TAILERS; i++) {
    tailers.push(
      await startApp({
        ...three.env,
        CACHE_CDC_SERVER_ID: String(6000 + i),
        PORT: '0',
        LOG_LEVEL: 'log',
      }),
    );
  }
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  const perEventThree = await lagRun(three, 1 + EXTRA_TAILERS, 100, TAILERS_SECONDS);
  await lagRun(three, 1 + EXTRA_TAILERS, 1_000, TAILERS_SECONDS);

  print();
  print(
    `Redis commands executed per out-of-band row event (100/s, INFO commandstats, scripts’ ` +
      `insides included; the position saves, at most one SET per process per 200 ms, included):`,
  );
  print();
  print('| processes tailing | commands per row event | by command |');
  print('|---|---|---|');
  print(`| 1 | ${perEventOne.total.toFixed(2)} | ${perEventOne.byName} |`);
  print(`| ${1 + EXTRA_TAILERS} | ${perEventThree.total.toFixed(2)} | ${perEventThree.byName} |`);
  print(
    `| extra per process | ${((perEventThree.total - perEventOne.total) / EXTRA_TAILERS).toFixed(2)} | |`,
  );

  const results = await interleavedWrites(
    [
      { label: 'CDC off', server: off },
      { label: 'CDC on, 1 process tails', server: one },
      {
        label: `CDC on, ${1 + EXTRA_TAILERS} processes tail`,
        server: three,
        othersCpuMicros: () =>
          tailers.reduce((sum, tailer) => sum + processCpuMicros(tailer.pid), 0),
      },
    ],
    { rounds: ROUNDS, sliceMs: SLICE_MS, inFlight: IN_FLIGHT },
  );
  print();
  print(
    `In-app writes (the demo's update under the write protocol, \`lease\`), ${IN_FLIGHT} in ` +
      `flight, ${ROUNDS} rounds of ${fmt(SLICE_MS)} ms slices per side, the order rotating; ` +
      'each side on a mariadbd of its own (all with the ROW binlog), the extra tailing ' +
      'processes are `src/main.ts` with `CACHE_CDC=binlog`:',
  );
  print();
  print(
    '| side | writes | writes/s | vs CDC off | goal | CPU µs/write: bench process | : tailing processes |',
  );
  print('|---|---|---|---|---|---|---|');
  for (const result of results) {
    const ratio = result.writesPerSecond / results[0].writesPerSecond;
    const goal = result === results[0] ? '' : ratio >= 0.9 ? '≥ 0.90x: met' : '≥ 0.90x: not met';
    print(
      `| ${result.label} | ${fmt(result.writes)} | ${fmt(result.writesPerSecond)} | ` +
        `${ratio.toFixed(2)}x | ${goal} | ${fmt(result.cpuMicrosPerWrite)} | ` +
        `${fmt(result.othersCpuMicrosPerWrite)} |`,
    );
  }
} finally {
  for (const tailer of tailers) await tailer.stop().catch(() => undefined);
  for (const server of servers) await server.close().catch(() => undefined);
  await admin.quit();
  await redisServer.stop();
}
process.stdout.write(`${out.join('\n')}\n`);
