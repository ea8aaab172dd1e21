/**
 * The distributed lock against redlock 4, @sesamecare-oss/redlock and redis-semaphore, on the
 * shared Redis under a key prefix of its own, then sales per second with and without the lock.
 * Run: node --import @swc-node/register/esm-register bench/lock/lock.bench.ts
 * Prints Markdown tables.
 */
import { loadAppConfig } from '../../src/config/load-app-config.js';
import { deleteKeysWithPrefix, uniqueName } from '../../test/support/test-env.js';
import { bounds, connected, contenders } from './contenders.js';
import { LockProcesses } from './lock-processes.js';
import { contended, summarise, uncontended } from './measure.js';
import { sellThroughput } from './sell-throughput.js';

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

const run = uniqueName('bench_lock');
const prefix = `${run}:`;
const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const ratio = (ours: number, best: number): string => `${(ours / best).toFixed(2)}x`;

const deleteKeys = (): Promise<void> => deleteKeysWithPrefix(REDIS_URL, prefix);

const all = contenders(REDIS_URL, prefix);
const { floor, ceiling } = bounds(REDIS_URL, prefix);
const processes = await LockProcesses.start(PROCESSES, REDIS_URL, prefix);
try {
  await connected([...all, floor]);
  const lines: string[] = [];
  lines.push(
    `### Uncontended acquire + release (${UNCONTENDED_OPS} each, interleaved in slices of 10, one node)`,
    '',
  );
  lines.push('| library | ops/s | p50 ms | p99 ms | commands/op |', '|---|---:|---:|---:|---:|');
  const soloContenders = [...all, floor];
  const solo = await uncontended(soloContenders, UNCONTENDED_OPS);
  for (const [index, contender] of soloContenders.entries()) {
    const result = solo[index];
    lines.push(
      `| ${contender.name} | ${fixed(result.opsPerSecond)} | ${fixed(result.p50Ms, 3)} | ${fixed(result.p99Ms, 3)} | ${fixed(result.commandsPerOp, 2)} |`,
    );
  }
  const bestOther = Math.max(...solo.slice(1, all.length).map((r) => r.opsPerSecond));
  lines.push(
    '',
    `Ours vs the best other: ${ratio(solo[0].opsPerSecond, bestOther)} (the bound, two bare round trips, is ${ratio(solo[all.length].opsPerSecond, bestOther)}).`,
    '',
  );

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
    const best = Math.max(...results.slice(1, all.length).map((r) => r.acquisitionsPerSecond));
    const bound = results[all.length].acquisitionsPerSecond;
    summary.push(
      `${scenario.waiters} waiters in ${scenario.processes}, ${scenario.holdMs} ms hold: ${ratio(results[0].acquisitionsPerSecond, best)} (bound ${ratio(bound, best)})`,
    );
  }
  lines.push('', `Ours vs the best other: ${summary.join('; ')}.`, '');

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
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  processes.close();
  for (const contender of [...all, floor, ceiling]) contender.close();
  await deleteKeys();
}
