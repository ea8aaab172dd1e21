/**
 * The distributed lock against redlock 4, @sesamecare-oss/redlock and redis-semaphore, on the
 * shared Redis under a key prefix of its own, then sales per second with and without the lock.
 * Run: node --import @swc-node/register/esm-register bench/lock/lock.bench.ts
 * Prints Markdown tables.
 */
import { loadAppConfig } from '../../src/config/load-app-config.js';
import { deleteKeysWithPrefix, uniqueName } from '../../test/support/test-env.js';
import { connected, contenders } from './contenders.js';
import { contended, uncontended } from './measure.js';
import { sellThroughput } from './sell-throughput.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const UNCONTENDED_OPS = Number(process.env.LOCK_BENCH_OPS ?? 3000);
const DURATION_MS = Number(process.env.LOCK_BENCH_DURATION_MS ?? 2000);
const SCENARIOS = [
  { waiters: 8, holdMs: 0 },
  { waiters: 8, holdMs: 1 },
  { waiters: 64, holdMs: 0 },
  { waiters: 64, holdMs: 1 },
];

const run = uniqueName('bench_lock');
const prefix = `${run}:`;
const fixed = (value: number, digits = 0): string => value.toFixed(digits);
const ratio = (ours: number, best: number): string => `${(ours / best).toFixed(2)}x`;

const deleteKeys = (): Promise<void> => deleteKeysWithPrefix(REDIS_URL, prefix);

const all = contenders(REDIS_URL, prefix);
try {
  await connected(all);
  const lines: string[] = [];
  lines.push(
    `### Uncontended acquire + release (${UNCONTENDED_OPS} each, in 5 interleaved slices, one node)`,
    '',
  );
  lines.push('| library | ops/s | p50 ms | p99 ms | commands/op |', '|---|---:|---:|---:|---:|');
  const solo = await uncontended(all, UNCONTENDED_OPS);
  for (const [index, contender] of all.entries()) {
    const result = solo[index];
    lines.push(
      `| ${contender.name} | ${fixed(result.opsPerSecond)} | ${fixed(result.p50Ms, 3)} | ${fixed(result.p99Ms, 3)} | ${fixed(result.commandsPerOp, 2)} |`,
    );
  }
  const bestOther = Math.max(...solo.slice(1).map((r) => r.opsPerSecond));
  lines.push('', `Ours vs the best other: ${ratio(solo[0].opsPerSecond, bestOther)}.`, '');

  lines.push(
    `### Contended: one resource, N waiters in one process, ${DURATION_MS} ms each`,
    '',
    '| library | waiters | hold ms | acquisitions/s | min/max per waiter |',
    '|---|---:|---:|---:|---:|',
  );
  // Warm every library up under contention first (JIT, connections), none runs cold.
  for (const contender of all) await contended(contender, 'warm-up-hot', 8, 0, 500);
  const summary: string[] = [];
  for (const [index, scenario] of SCENARIOS.entries()) {
    const results = [];
    for (const contender of all) {
      const result = await contended(
        contender,
        `hot${index}`,
        scenario.waiters,
        scenario.holdMs,
        DURATION_MS,
      );
      results.push(result);
      lines.push(
        `| ${contender.name} | ${scenario.waiters} | ${scenario.holdMs} | ${fixed(result.acquisitionsPerSecond)} | ${result.minPerWaiter}/${result.maxPerWaiter} |`,
      );
    }
    const best = Math.max(...results.slice(1).map((r) => r.acquisitionsPerSecond));
    summary.push(
      `${scenario.waiters} waiters, ${scenario.holdMs} ms hold: ${ratio(results[0].acquisitionsPerSecond, best)}`,
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
  for (const contender of all) contender.close();
  await deleteKeys();
}
