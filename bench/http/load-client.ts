/**
 * The load client of the HTTP benchmark, in a process of its own so that its CPU is not the
 * server's: one autocannon run described by a JSON argument, its result as JSON on stdout.
 */
import autocannon, { type RawRequest } from 'autocannon';

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  /** userIds are `${userPrefix}${0..users-1}`. */
  userPrefix: string;
  users: number;
  /** Share of requests that are `PUT /users/:userId {userLevel}` (0 for reads only). */
  writeShare: number;
  /** Offered load in requests per second (all connections); unlimited when absent. */
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

const instance = autocannon({
  url: spec.url,
  connections: spec.connections,
  duration: spec.durationSeconds,
  ...(spec.rate ? { overallRate: spec.rate } : {}),
  requests: [
    {
      setupRequest: (request): RawRequest => {
        const path = `/users/${spec.userPrefix}${Math.floor(next() * spec.users)}`;
        if (spec.writeShare > 0 && next() < spec.writeShare) {
          return {
            ...request,
            method: 'PUT',
            path,
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ userLevel: Math.floor(next() * 1000) }),
          };
        }
        return { ...request, method: 'GET', path, body: undefined, headers: {} };
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
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;

const out: LoadResult = {
  requests: result.requests.total,
  seconds: result.duration,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  p50: at(0.5),
  p99: at(0.99),
  p999: at(0.999),
  clientCpuMicros: cpu.user + cpu.system,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
