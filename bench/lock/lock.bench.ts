/**
 * The distributed lock against redlock 4, @sesamecare-oss/redlock and redis-semaphore, on the
 * shared Redis under a key prefix of its own, then sales per second with and without the lock.
 * Run: node --import @swc-node/register/esm-register bench/lock/lock.bench.ts
 * Prints Markdown tables.
 */
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { uniqueName } from '../../support/unique-name.js';
import { bounds, connected, contenders } from './contenders.js';
import { LockProcesses, SoloProcesses } from './lock-processes.js';
import { contended, inProcess, summarise, uncontended } from './measure.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const UNCONTENDED_OPS = Number(process.env.LOCK_BENCH_OPS ?? 3000);
const DURATION_MS = Number(process.env.LOCK_BENCH_DURATION_MS ?? 2000);
/** `processes`: the waiters are spread over that many Node processes (app instances). */
const SCENARIOS = [
  { waiters: 8, holdMs: 0, processes: 1 },
  { waiters: 8, holdMs: 1, processes: 1 },
  { waiters: 64, holdMs: 0, processes: 1 },
  { waiters: 64, holdMs: 1, processes: 1 },
  { waiters: 8, holdMs: 0, processes: 4 },
  { waiters: 8, holdMs: 1, processes: 4 },
  { waiters: 64, holdMs: 0, processes: 4 },
  { waiters: 64, holdMs: 1, processes: 4 },
];
const PROCESSES = 4;
/** Uncontended loops at once, each on a resource of its own (`LOCK_BENCH_IN_FLIGHT=1,4,16`). */
const IN_FLIGHT = (process.env.LOCK_BENCH_IN_FLIGHT ?? '1,16').split(',').map(Number);
/** The first contenders are ours (default options, then `fencing: true`). */
const OURS = 2;
const WITH_SALES = process.env.LOCK_BENCH_SALES !== '0';
const WITH_CONTENDED = process.env.LOCK_BENCH_CONTENDED !== '0';
/** `1`: each uncontended contender runs in a Node process of its own (`SoloProcesses`). */
const ISOLATE = process.env.LOCK_BENCH_ISOLATE === '1';

const run = uniqueName('bench_lock');
const prefix = `${run}:`;
const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const ratio = (ours: number, best: number): string => `${(ours / best).toFixed(2)}x`;

const deleteKeys = (): Promise<void> => deleteKeysWithPrefix(REDIS_URL, prefix);

const all = contenders(REDIS_URL, prefix);
const { floor, commands, ceiling } = bounds(REDIS_URL, prefix);
const soloContenders = [...all, floor, commands];
const processes = await LockProcesses.start(PROCESSES, REDIS_URL, prefix);
const soloProcesses = ISOLATE
  ? await SoloProcesses.start(soloContenders.length, REDIS_URL, prefix)
  : undefined;
try {
  await connected(soloContenders);
  const lines: string[] = [];
  const slicers = soloProcesses?.slicers ?? soloContenders.map(inProcess);
  const where = ISOLATE ? 'a node process each' : 'one node';
  for (const inFlight of IN_FLIGHT) {
    lines.push(
      `### Uncontended acquire + release, ${inFlight} in flight (${UNCONTENDED_OPS} each, interleaved in slices, ${where})`,
      '',
      '| library | ops/s | p50 ms | p99 ms | commands/op | client CPU µs/op |',
      '|---|---:|---:|---:|---:|---:|',
    );
    const solo = await uncontended(slicers, UNCONTENDED_OPS, inFlight);
    for (const [index, contender] of soloContenders.entries()) {
      const result = solo[index];
      lines.push(
        `| ${contender.name} | ${fixed(result.opsPerSecond)} | ${fixed(result.p50Ms, 3)} | ${fixed(result.p99Ms, 3)} | ${fixed(result.commandsPerOp, 2)} | ${fixed(result.cpuMicrosPerOp, 1)} |`,
      );
    }
    const others = solo.slice(OURS, all.length);
    const bestIndex = others.indexOf(
      others.reduce((a, b) => (b.opsPerSecond > a.opsPerSecond ? b : a)),
    );
    const best = others[bestIndex];
    const ratios = all
      .slice(0, OURS)
      .map(
        (contender, index) =>
          `${contender.name} ${ratio(solo[index].opsPerSecond, best.opsPerSecond)}`,
      )
      .join(', ');
    const cpu = all
      .slice(0, OURS)
      .map((_, index) => ratio(solo[index].cpuMicrosPerOp, best.cpuMicrosPerOp))
      .join(', ');
    lines.push(
      '',
      `Vs the best other (${all[OURS + bestIndex].name}): ops/s ${ratios}; client CPU per op ${cpu} of its CPU (bounds: two PINGs ${ratio(solo[all.length].opsPerSecond, best.opsPerSecond)}, the bare two commands ${ratio(solo[all.length + 1].opsPerSecond, best.opsPerSecond)}).`,
      '',
    );
  }

  if (WITH_CONTENDED) await contendedScenarios(lines);
  if (WITH_SALES) await sales(lines);
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  processes.close();
  soloProcesses?.close();
  for (const contender of [...all, floor, commands, ceiling]) contender.close();
  await deleteKeys();
}

/** Contended scenarios, in this process and over `PROCESSES` processes. */
async function contendedScenarios(lines: string[]): Promise<void> {
  lines.push(
    `### Contended: one resource, N waiters in 1 or ${PROCESSES} processes, ${DURATION_MS} ms each`,
    '',
    '| library | waiters | processes | hold ms | acquisitions/s | min/max per waiter |',
    '|---|---:|---:|---:|---:|---:|',
  );
  // Warm every library up under contention first (JIT, connections), none runs cold.
  for (const [library, contender] of all.entries()) {
    await contended(contender, 'warm-up-hot', 8, 0, 500);
    await processes.contended({
      library,
      resource: 'warm-up-hot',
      waiters: 2,
      holdMs: 0,
      durationMs: 500,
    });
  }
  const summary: string[] = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    const results = [];
    const resource = `hot${index}`;
    const { waiters, holdMs } = scenario;
    for (const [library, contender] of [...all, ceiling].entries()) {
      const counts =
        scenario.processes === 1 || contender === ceiling
          ? await contended(contender, resource, waiters, holdMs, DURATION_MS)
          : await processes.contended({
              library,
              resource,
              waiters: waiters / processes.count,
              holdMs,
              durationMs: DURATION_MS,
            });
      const result = summarise(counts, DURATION_MS);
      results.push(result);
      lines.push(
        `| ${contender.name} | ${waiters} | ${contender === ceiling ? '—' : scenario.processes} | ${holdMs} | ${fixed(result.acquisitionsPerSecond)} | ${result.minPerWaiter}/${result.maxPerWaiter} |`,
      );
    }
    const best = Math.max(...results.slice(OURS, all.length).map((r) => r.acquisitionsPerSecond));
    const bound = results[all.length].acquisitionsPerSecond;
    summary.push(
      `${scenario.waiters} waiters in ${scenario.processes}, ${scenario.holdMs} ms hold: ${ratio(results[0].acquisitionsPerSecond, best)} (bound ${ratio(bound, best)})`,
    );
  }
  lines.push('', `Ours (default options) vs the best other: ${summary.join('; ')}.`, '');
}

/** Sales per second with and without the lock (needs MySQL; `LOCK_BENCH_SALES=0` skips it). */
async function sales(lines: string[]): Promise<void> {
  // Loaded only here: the app's module graph is not needed by the lock's own scenarios.
  const { loadAppConfig } = await import('../../src/config/index.js');
  const { sellThroughput } = await import('./sell-throughput.js');
  const config = loadAppConfig({
    ...process.env,
    MYSQL_DATABASE: run,
    REDIS_KEY_PREFIX: prefix,
    LOG_LEVEL: 'error',
  });
  const sells = await sellThroughput(config, 16, DURATION_MS * 2);
  lines.push(
    '### Sales per second (one line each, 16 goods, 16 concurrent callers)',
    '',
    '| path | sales/s |',
    '|---|---:|',
    `| \`InventoryService.sell\`: lock + fenced transaction | ${fixed(sells.withLock)} |`,
    `| the same transaction without the lock | ${fixed(sells.withoutLock)} |`,
    `| a plain \`UPDATE ... WHERE number >= ?\` | ${fixed(sells.plainUpdate)} |`,
  );
}
