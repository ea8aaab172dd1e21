import { setTimeout as sleep } from 'node:timers/promises';
import type { Contender } from './contenders.js';

export interface Uncontended {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerOp: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** Acquire + release of one resource, one after the other (nobody else wants it). */
export async function uncontended(contender: Contender, ops: number): Promise<Uncontended> {
  for (let i = 0; i < ops / 10; i++) await (await contender.lock('solo'))(); // warm-up
  const latencies: number[] = [];
  const commandsBefore = contender.commands();
  const started = performance.now();
  for (let i = 0; i < ops; i++) {
    const t = performance.now();
    await (
      await contender.lock('solo')
    )();
    latencies.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    opsPerSecond: (ops / elapsed) * 1000,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    commandsPerOp: (contender.commands() - commandsBefore) / ops,
  };
}

export interface Contended {
  acquisitionsPerSecond: number;
  minPerWaiter: number;
  maxPerWaiter: number;
}

/**
 * `waiters` loops on one resource for `durationMs`: acquire, hold `holdMs`, release. Counts the
 * acquisitions made before the deadline; then lets every waiter finish before returning.
 */
export async function contended(
  contender: Contender,
  resource: string,
  waiters: number,
  holdMs: number,
  durationMs: number,
): Promise<Contended> {
  const counts = new Array<number>(waiters).fill(0);
  const deadline = performance.now() + durationMs;
  await Promise.all(
    counts.map(async (_, index) => {
      while (performance.now() < deadline) {
        const release = await contender.lock(resource);
        if (performance.now() < deadline) {
          counts[index]++;
          if (holdMs > 0) await sleep(holdMs);
        }
        await release();
      }
    }),
  );
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    acquisitionsPerSecond: (total / durationMs) * 1000,
    minPerWaiter: Math.min(...counts),
    maxPerWaiter: Math.max(...counts),
  };
}
