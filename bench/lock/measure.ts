import { setTimeout as sleep } from 'node:timers/promises';
import type { Contender } from './contenders.js';

export interface Uncontended {
  opsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  commandsPerOp: number;
  /** CPU time of the process that ran the contender, per acquire + release, user + system, in µs. */
  cpuMicrosPerOp: number;
}

/** What one slice of one contender measured, in the process that ran it. */
export interface Slice {
  latencies: number[];
  elapsedMs: number;
  cpuMicros: number;
  commands: number;
}

/** Runs slices of one contender: in this process (`inProcess`) or in one of its own. */
export interface Slicer {
  /** `perLoop` acquire + release on each resource, one resource after the other. */
  warm(resources: readonly string[], perLoop: number): Promise<void>;
  /** `perLoop` acquire + release on each resource, all resources at once. */
  slice(resources: readonly string[], perLoop: number): Promise<Slice>;
}

export async function warm(
  contender: Contender,
  resources: readonly string[],
  perLoop: number,
): Promise<void> {
  for (const resource of resources) {
    for (let i = 0; i < perLoop; i++) await (await contender.lock(resource))();
  }
}

export async function slice(
  contender: Contender,
  resources: readonly string[],
  perLoop: number,
): Promise<Slice> {
  // Only with `node --expose-gc`: no slice pays for the garbage of the one before it.
  globalThis.gc?.();
  const latencies: number[] = [];
  const commandsBefore = contender.commands();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    resources.map(async (resource) => {
      for (let i = 0; i < perLoop; i++) {
        const t = performance.now();
        await (
          await contender.lock(resource)
        )();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpuBefore);
  const commands = contender.commands() - commandsBefore;
  return { latencies, elapsedMs, cpuMicros: used.user + used.system, commands };
}

export const inProcess = (contender: Contender): Slicer => ({
  warm: (resources, perLoop) => warm(contender, resources, perLoop),
  slice: (resources, perLoop) => slice(contender, resources, perLoop),
});

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/**
 * Acquire + release, `inFlight` loops at once, each on a resource of its own (nobody else wants
 * it). The contenders take turns in slices of 10 operations per loop, in a random order each
 * round, so that all see the same load of the shared machine (and none is favoured by warm-up).
 */
export async function uncontended(
  slicers: readonly Slicer[],
  ops: number,
  inFlight = 1,
  rounds = Math.max(1, Math.floor(ops / inFlight / 10)),
): Promise<Uncontended[]> {
  const perLoop = Math.max(1, Math.floor(ops / inFlight / rounds));
  const loops = Array.from({ length: inFlight }, (_, k) => `solo-${inFlight}-${k}`);
  for (const slicer of slicers) await slicer.warm(loops, Math.ceil(ops / inFlight / 10));
  const slices = slicers.map(() => [] as Slice[]);
  const order = slicers.map((_, index) => index);
  for (let round = 0; round < rounds; round++) {
    // A new order each round: a slice pays for the garbage and timers of the one before it, so
    // a fixed order would always bill the same contender for the same neighbour.
    shuffle(order);
    for (const index of order) slices[index].push(await slicers[index].slice(loops, perLoop));
  }
  return slices.map((own) => {
    const sorted = own.flatMap((s) => s.latencies).sort((a, b) => a - b);
    const sum = (field: 'elapsedMs' | 'cpuMicros' | 'commands'): number =>
      own.reduce((total, s) => total + s[field], 0);
    return {
      opsPerSecond: (sorted.length / sum('elapsedMs')) * 1000,
      p50Ms: percentile(sorted, 0.5),
      p99Ms: percentile(sorted, 0.99),
      commandsPerOp: sum('commands') / sorted.length,
      cpuMicrosPerOp: sum('cpuMicros') / sorted.length,
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
