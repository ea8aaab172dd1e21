import { setTimeout as sleep } from 'node:timers/promises';
import type { Contender } from './contenders.js';

export interface Uncontended {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerOp: number;
  /** CPU time of this (client) process per acquire + release, user + system, in µs. */
  cpuMicrosPerOp: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * Acquire + release, `inFlight` loops at once, each on a resource of its own (nobody else wants
 * it). The contenders take turns in slices of 10 operations per loop, in a random order each
 * round, so that all see the same load of the shared machine (and none is favoured by warm-up).
 */
export async function uncontended(
  contenders: readonly Contender[],
  ops: number,
  inFlight = 1,
  rounds = Math.max(1, Math.floor(ops / inFlight / 10)),
): Promise<Uncontended[]> {
  const perLoop = Math.max(1, Math.floor(ops / inFlight / rounds));
  const loops = Array.from({ length: inFlight }, (_, k) => `solo-${inFlight}-${k}`);
  for (const contender of contenders) {
    for (const resource of loops) {
      for (let i = 0; i < ops / inFlight / 10; i++) await (await contender.lock(resource))(); // warm-up
    }
  }
  const latencies = contenders.map(() => [] as number[]);
  const elapsed = contenders.map(() => 0);
  const commands = contenders.map(() => 0);
  const cpu = contenders.map(() => 0);
  const order = contenders.map((_, index) => index);
  for (let round = 0; round < rounds; round++) {
    // A new order each round: a slice pays for the garbage and timers of the one before it, so
    // a fixed order would always bill the same contender for the same neighbour.
    shuffle(order);
    for (const index of order) {
      const contender = contenders[index];
      const commandsBefore = contender.commands();
      const cpuBefore = process.cpuUsage();
      const started = performance.now();
      await Promise.all(
        loops.map(async (resource) => {
          for (let i = 0; i < perLoop; i++) {
            const t = performance.now();
            await (
              await contender.lock(resource)
            )();
            latencies[index].push(performance.now() - t);
          }
        }),
      );
      elapsed[index] += performance.now() - started;
      const used = process.cpuUsage(cpuBefore);
      cpu[index] += used.user + used.system;
      commands[index] += contender.commands() - commandsBefore;
    }
  }
  return contenders.map((_, index) => {
    const sorted = latencies[index].sort((a, b) => a - b);
    return {
      opsPerSecond: (sorted.length / elapsed[index]) * 1000,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      commandsPerOp: commands[index] / sorted.length,
      cpuMicrosPerOp: cpu[index] / sorted.length,
    };
  });
}

export interface Contended {
  acquisitionsPerSecond: number;
  minPerWaiter: number;
  maxPerWaiter: number;
}

/** Acquisitions per second over `durationMs`, and the fewest and most any one waiter made. */
export function summarise(counts: readonly number[], durationMs: number): Contended {
  const total = counts.reduce((sum, count) => sum + count, 0);
  return {
    acquisitionsPerSecond: (total / durationMs) * 1000,
    minPerWaiter: Math.min(...counts),
    maxPerWaiter: Math.max(...counts),
  };
}

/**
 * `waiters` loops on one resource for `durationMs`: acquire, hold `holdMs`, release. Counts the
 * acquisitions each waiter made before the deadline; then lets every waiter finish.
 */
export async function contended(
  contender: Contender,
  resource: string,
  waiters: number,
  holdMs: number,
  durationMs: number,
): Promise<number[]> {
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
  return counts;
}

function shuffle(items: number[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}
