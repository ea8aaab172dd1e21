/**
 * An open-loop load at a fixed rate: request i is issued at t0 + i / rate, whether or not the
 * earlier ones have been answered, over a keep-alive pool of at most `connections` sockets
 * (a request that finds them all busy waits in the pool, and that wait counts in its latency).
 *
 * autocannon's `overallRate` is not this: each connection sends its share of the second as fast
 * as it can at the top of every second and then idles (autocannon 9, lib/httpClient.js,
 * `reqsMadeThisSecond`), so every request meets a saturated server and its p99 is the p99 at
 * full load. Here the requests are spread over the second as evenly as the client's timers allow
 * (1 ms: a few requests per tick at 5,000/s). The first `warmupSeconds` are left out: a cold
 * client answers its first half second 20x slower (its JIT, its sockets being opened).
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface PacedRequest {
  method: 'GET' | 'PUT';
  path: string;
  body?: string;
}

export interface PacedLoad {
  url: string;
  connections: number;
  rate: number;
  /** Issued and answered at the same rate first, and left out of the result. */
  warmupSeconds: number;
  durationSeconds: number;
  nextRequest: () => PacedRequest;
}

export interface PacedResult {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  /** Latencies of 2xx answers, ms, from the request's issue to the end of its answer; sorted. */
  latencies: number[];
  /** How late the client issued requests against their schedule, sorted, ms. */
  lags: number[];
  /** The client's own CPU (user + system) from the first measured request on, µs. */
  cpuMicros: number;
}

const ANSWER_TIMEOUT_MS = 10_000;

export async function pacedLoad(load: PacedLoad): Promise<PacedResult> {
  const target = new URL(load.url);
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const warmup = Math.round(load.rate * load.warmupSeconds);
  const total = warmup + Math.round(load.rate * load.durationSeconds);
  const interval = 1000 / load.rate;
  const result: PacedResult = {
    requests: 0,
    seconds: 0,
    non2xx: 0,
    errors: 0,
    timeouts: 0,
    latencies: [],
    lags: [],
    cpuMicros: 0,
  };
  let issued = 0;
  let settled = 0;
  let allSettled!: () => void;
  const done = new Promise<void>((resolve) => (allSettled = resolve));
  const settle = () => {
    if (++settled === total) allSettled();
  };

  const issue = (request: PacedRequest, counted: boolean) => {
    const start = performance.now();
    let outcome: 'answered' | 'timeout' | undefined;
    const outgoing = httpRequest(
      {
        agent,
        host: target.hostname,
        port: target.port,
        method: request.method,
        path: request.path,
        headers: request.body ? { 'content-type': 'application/json' } : {},
        timeout: ANSWER_TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        response.once('end', () => {
          outcome = 'answered';
          if (!counted) return;
          const status = response.statusCode ?? 0;
          result.requests++;
          if (status >= 200 && status < 300) result.latencies.push(performance.now() - start);
          else result.non2xx++;
        });
      },
    );
    outgoing.once('timeout', () => {
      outcome = 'timeout';
      if (counted) result.timeouts++;
      outgoing.destroy();
    });
    // 'close' comes once per request, after its answer or after whatever ended it.
    outgoing.once('close', () => {
      if (outcome === undefined && counted) result.errors++;
      settle();
    });
    outgoing.on('error', () => {});
    outgoing.end(request.body);
  };

  const t0 = performance.now();
  let measuredFrom = t0;
  let cpuAtMeasure = process.cpuUsage();
  const tick = () => {
    const now = performance.now();
    while (issued < total && t0 + issued * interval <= now) {
      const counted = issued >= warmup;
      if (issued === warmup) {
        measuredFrom = t0 + issued * interval;
        cpuAtMeasure = process.cpuUsage();
      }
      if (counted) result.lags.push(now - (t0 + issued * interval));
      issued++;
      issue(load.nextRequest(), counted);
    }
    if (issued < total) setTimeout(tick, t0 + issued * interval - performance.now());
  };
  tick();
  await done;
  result.seconds = (performance.now() - measuredFrom) / 1000;
  const cpu = process.cpuUsage(cpuAtMeasure);
  result.cpuMicros = cpu.user + cpu.system;
  agent.destroy();
  result.latencies.sort((a, b) => a - b);
  result.lags.sort((a, b) => a - b);
  return result;
}
