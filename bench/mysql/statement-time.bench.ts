/**
 * What MYSQL_QUERY_TIMEOUT_MS should be: how long the app's statements take on the server
 * (lock waits included) under ordinary and contended load, read from the slow query log of a
 * mariadbd of the bench's own (`long_query_time = 0`: every statement, with its Query_time).
 * The app runs unbounded (MYSQL_QUERY_TIMEOUT_MS=0) so the tail is the real one.
 * `npm run bench -- mysql`; results in docs/benchmarks.md, "MySQL statement times".
 */
import autocannon, { type RawRequest } from 'autocannon';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MariadbServer } from '../../support/mariadb-server.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { startApp } from '../../support/spawn-app.js';
import { uniqueName } from '../../support/unique-name.js';

const SECONDS = Number(process.env.MYSQL_BENCH_SECONDS ?? 10);
const USERS = 1000;
const GOODS = 50;
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Phase {
  name: string;
  connections: number;
  request: (random: () => number) => Omit<RawRequest, 'host'>;
}

const json = (method: string, path: string, body: unknown) => ({
  method,
  path,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

const PHASES: Phase[] = [
  {
    name: 'mixed: 1,000 users, 20 % PUT, 32 connections',
    connections: 32,
    request: (random) => {
      const path = `/users/u${Math.floor(random() * USERS)}`;
      return random() < 0.2
        ? json('PUT', path, { userLevel: Math.floor(random() * 1000) })
        : { method: 'GET', path };
    },
  },
  {
    name: 'one hot row: every request a PUT of the same user, 64 connections',
    connections: 64,
    request: (random) => json('PUT', '/users/u0', { userLevel: Math.floor(random() * 1000) }),
  },
  {
    name: 'sales: 10 random lines of 50 goods each, 32 connections',
    connections: 32,
    request: (random) => {
      const ids = new Set<number>();
      while (ids.size < 10) ids.add(1 + Math.floor(random() * GOODS));
      return json('POST', '/inventory/sell', {
        goodsInfo: [...ids].map((goodsId) => ({ goodsId, num: 1 })),
      });
    },
  },
];

let seed = 0x9e3779b9;
function random(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}

/** Query_time of every statement logged after `offset`, with the statement's first words. */
async function statementsSince(
  log: string,
  offset: number,
): Promise<{ seconds: number; kind: string }[]> {
  const text = (await readFile(log, 'utf8')).slice(offset);
  return text
    .split('# Query_time: ')
    .slice(1)
    .map((entry) => {
      const seconds = Number(entry.slice(0, entry.indexOf(' ')));
      const statement = entry
        .split('\n')
        .slice(1)
        .filter((line) => line && !line.startsWith('#') && !line.startsWith('SET timestamp'))
        .join(' ');
      return { seconds, kind: statement.split(/\s+/).slice(0, 2).join(' ').toUpperCase() };
    })
    .filter(({ kind }) => !kind.startsWith('SET ') && !kind.startsWith('# '));
}

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
const ms = (seconds: number) => (seconds * 1000).toFixed(seconds < 0.01 ? 2 : 1);

const server = await MariadbServer.start({
  extraArgs: ['--slow-query-log=1', '--long-query-time=0', '--slow-query-log-file=slow.log'],
});
const log = join(server.dataDir, 'slow.log');
const prefix = `${uniqueName('cc_bench_mysql')}:`;
const app = await startApp({
  PORT: '0',
  MYSQL_HOST: server.host,
  MYSQL_PORT: String(server.port),
  MYSQL_DATABASE: 'bench',
  MYSQL_QUERY_TIMEOUT_MS: '0',
  REDIS_URL,
  REDIS_KEY_PREFIX: prefix,
  LOG_LEVEL: 'log',
});
try {
  for (let i = 0; i < USERS; i++) {
    await fetch(`${app.url}/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: `u${i}`, userLevel: 1 }),
    });
  }
  for (let goodsId = 1; goodsId <= GOODS; goodsId++) {
    await fetch(`${app.url}/inventory`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ goodsId, number: 1_000_000_000 }),
    });
  }
  process.stdout.write(
    `${SECONDS} s per phase, the app and autocannon on one 2-core machine, own mariadbd ` +
      `(binlog ROW), app unbounded.\n\n` +
      '| load | requests | request p99 / max ms | statements | p50 | p99 | p99.9 | max ms | slowest |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n',
  );
  for (const phase of PHASES) {
    const offset = (await stat(log)).size;
    let maxLatency = 0;
    const instance = autocannon({
      url: app.url,
      connections: phase.connections,
      duration: SECONDS,
      requests: [{ setupRequest: (request) => ({ ...request, ...phase.request(random) }) }],
    });
    instance.on('response', (_client, _status, _bytes, latency) => {
      if (latency > maxLatency) maxLatency = latency;
    });
    const result = await instance;
    // Requests still in flight when the run ends log their statements a little later.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const statements = await statementsSince(log, offset);
    const times = statements.map((s) => s.seconds).sort((a, b) => a - b);
    const slowest = statements.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    process.stdout.write(
      `| ${phase.name} | ${result.requests.total} (${result.non2xx} non-2xx) | ` +
        `${result.latency.p99} / ${Math.round(maxLatency)} | ${times.length} | ` +
        `${ms(quantile(times, 0.5))} | ${ms(quantile(times, 0.99))} | ` +
        `${ms(quantile(times, 0.999))} | ${ms(times[times.length - 1])} | ${slowest.kind} |\n`,
    );
  }
} finally {
  await app.stop();
  await server.stop();
  await deleteKeysWithPrefix(REDIS_URL, prefix);
}
