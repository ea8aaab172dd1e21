/**
 * The load client of the HTTP benchmark, in a process of its own so that its CPU is not the
 * server's: one run described by a JSON argument (a closed loop through autocannon, or an open
 * loop at a fixed rate through `paced-load.ts`), its result as JSON on stdout.
 */
import autocannon, { type RawRequest } from 'autocannon';
import { percentile } from '../stress/report/statistics.js';
import { pacedLoad, type PacedRequest } from './paced-load.js';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  /** userIds are `${userPrefix}${0..users-1}`. */
  userPrefix: string;
  users: number;
  /** Share of requests that are `PUT /users/:userId {userLevel}` (0 for reads only). */
  writeShare: number;
  /**
   * Offered load in requests per second, open loop (`paced-load.ts`); when absent, a closed loop
   * through autocannon, each connection sending its next request on an answer.
   */
  rate?: number;
}

export interface LoadResult {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latency percentiles of 2xx answers, ms. */
  p50: number;
  p99: number;
  p999: number;
  /** The load client's own CPU (user + system) during the run, µs. */
  clientCpuMicros: number;
  /** Open loop only: the p99 of how late the client issued requests against the schedule, ms. */
  scheduleLagP99?: number;
}

const spec = JSON.parse(process.argv[2]) as LoadSpec;
let seed = 0x9e3779b9;
/** xorshift32: cheap and reproducible (Math.random would do too; this keeps runs comparable). */
function next(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}

/** The next request of the mix: a GET of a random user, or a PUT of one at `writeShare`. */
function nextRequest(): PacedRequest {
  const path = `/users/${spec.userPrefix}${Math.floor(next() * spec.users)}`;
  if (spec.writeShare > 0 && next() < spec.writeShare) {
    return { method: 'PUT', path, body: JSON.stringify({ userLevel: Math.floor(next() * 1000) }) };
  }
  return { method: 'GET', path };
}

/** As many requests as the connections allow, each connection sending its next on an answer. */
async function closedLoop(): Promise<LoadResult> {
  const instance = autocannon({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [
      {
        setupRequest: (request): RawRequest => {
          const { method, path, body } = nextRequest();
          const headers: Record<string, string> = body
            ? { 'content-type': 'application/json' }
            : {};
          return { ...request, method, path, body, headers };
        },
      },
    ],
  });
  /** Latencies of 2xx answers, ms with sub-ms precision (autocannon's own are whole ms). */
  const latencies: number[] = [];
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(ms);
  });
  const cpuBefore = process.cpuUsage();
  const result = await instance;
  const cpu = process.cpuUsage(cpuBefore);
  latencies.sort((a, b) => a - b);
  return {
    requests: result.requests.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    p999: percentile(latencies, 0.999),
    clientCpuMicros: cpu.user + cpu.system,
  };
}

async function openLoop(rate: number): Promise<LoadResult> {
  const result = await pacedLoad({
    url: spec.url,
    connections: spec.connections,
    rate,
    warmupSeconds: 1,
    durationSeconds: spec.durationSeconds,
    nextRequest,
  });
  return {
    requests: result.requests,
    seconds: result.seconds,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: percentile(result.latencies, 0.5),
    p99: percentile(result.latencies, 0.99),
    p999: percentile(result.latencies, 0.999),
    clientCpuMicros: result.cpuMicros,
    scheduleLagP99: percentile(result.lags, 0.99),
  };
}

const out = spec.rate ? await openLoop(spec.rate) : await closedLoop();
process.stdout.write(`${JSON.stringify(out)}\n`);
