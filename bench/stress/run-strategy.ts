import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MariadbReplication } from '../../support/mariadb-replication.js';
import type { MariadbServer } from '../../support/mariadb-server.js';
import type { RedisServer } from '../../support/redis-server.js';
import type { CacheStrategyName } from '../../src/cache/index.js';
import { checkKeysLinearizable } from './checker/check-linearizability.js';
import { findFinalMismatches } from './checker/final-mismatches.js';
import { checkInventory } from './checker/inventory-invariants.js';
import { findStaleReads } from './checker/stale-reads.js';
import { toRegisterOperations } from './checker/to-register-operations.js';
import { measureStaleness } from './checker/staleness.js';
import { drive } from './driver/drive.js';
import { ExternalWriter } from './driver/external-writer.js';
import { HttpClient } from './driver/http-client.js';
import {
  readInventoryFinals,
  readMysqlRows,
  readThroughEveryProcess,
} from './environment/final-state.js';
import { OwnAppProcesses } from './environment/own-app-processes.js';
import { RunningTargets } from './environment/running-targets.js';
import { seedKeys } from './environment/seed-keys.js';
import type { StressEnvironment } from './environment/stress-environment.js';
import { waitAllHealthy } from './environment/wait-healthy.js';
import type { OperationRecord } from './history/operation-record.js';
import { counterDelta, scrapeCacheCounters } from './metrics/cache-metrics.js';
import type { StrategyResult } from './report/strategy-result.js';
import { summarizeRun } from './report/summarize-run.js';
import { fileLabel, strategyLabel } from './strategy-label.js';
import type { CdcMode, StressOptions } from './stress-options.js';
import type { PlannedOperation } from './workload/workload.js';

export interface StrategyContext {
  options: StressOptions;
  operations: readonly PlannedOperation[];
  keys: readonly string[];
  /** The tool's own Redis (undefined with running targets). */
  redis?: RedisServer;
  /** `--replica`: the tool's own primary and replica. */
  replication?: MariadbReplication;
  /** The tool's own MariaDB the apps use (`--replica`'s primary, or `--cdc`'s server). */
  server?: MariadbServer;
  /** The apps' CACHE_CDC for this run (`--cdc`); undefined: as the options' environment says. */
  cdc?: CdcMode;
  /** Results folder of the run: app logs and histories go there. */
  runDir?: string;
  onProgress?: (done: number) => void;
  /** Status lines (starting apps, checking, ...). */
  onStatus?: (message: string) => void;
}

const MAX_EXAMPLES = 10;
/** The out-of-band writers' own pool: like one more small service writing the same rows. */
const EXTERNAL_WRITER_CONNECTIONS = 8;

/** One strategy: fresh database and Redis, apps up, seed, drive, check, tear down. */
export async function runStrategy(
  strategy: CacheStrategyName,
  context: StrategyContext,
): Promise<StrategyResult> {
  const { options } = context;
  const label = strategyLabel(strategy, context.cdc);
  const status = context.onStatus ?? (() => undefined);
  const environment: StressEnvironment = options.targets?.length
    ? new RunningTargets(options)
    : await OwnAppProcesses.start({
        strategy,
        options,
        redis: context.redis!,
        replication: context.replication,
        server: context.server,
        cdc: context.cdc,
        label,
        runDir: context.runDir,
        onStatus: status,
      });
  const { urls, mysql, revision } = environment;
  let clients: HttpClient[] = [];
  const externalWriter =
    mysql && options.externalWrites > 0
      ? new ExternalWriter(mysql.pool(EXTERNAL_WRITER_CONNECTIONS))
      : undefined;
  try {
    const socketsPerTarget = Math.ceil(options.concurrency / urls.length) + 8;
    clients = urls.map((url) => new HttpClient(url, socketsPerTarget, options.requestTimeoutMs));

    status(`${label}: seeding ${context.keys.length} keys`);
    const initial = await seedKeys(clients[0], options.mode, context.keys, options.initialStock);
    const before = await scrapeCacheCounters(clients);
    const clockOrigin = performance.now();
    const faults = environment.faultInjector({
      faults: options.faults,
      intervalMs: options.faultIntervalMs,
      lockTtlMs: options.lockTtlMs,
      table: options.mode === 'users' ? 't_user_auth_info' : 't_inventory',
      replicaPauseMs: options.replicaPauseMs,
      clockOrigin,
    });
    status(`${label}: driving`);
    faults?.start();
    const run = await drive(context.operations, clients, {
      mode: options.mode,
      concurrency: options.concurrency,
      maxDurationMs: options.maxDurationMs,
      clockOrigin,
      onProgress: context.onProgress,
      externalWriter,
    }).finally(() => faults?.stop());
    const after = await scrapeCacheCounters(clients);

    status(`${label}: checking`);
    await sleep(options.settleMs);
    // the binlog's invalidations of the last writes land after the drive: their lag counts too
    const settled = await scrapeCacheCounters(clients);
    if (!(await waitAllHealthy(clients, 30_000))) status(`${label}: not every process is healthy`);
    const observations = await readThroughEveryProcess(clients, options.mode, context.keys);
    const truth = mysql ? await readMysqlRows(mysql, options.mode) : undefined;
    const mismatches = truth ? findFinalMismatches(observations, truth) : undefined;
    const inventory =
      mysql && options.mode === 'inventory'
        ? checkInventory(await readInventoryFinals(mysql, initial), run.records)
        : undefined;

    const registerOperations = toRegisterOperations(run.records, initial);
    const stale = findStaleReads(registerOperations, initial, MAX_EXAMPLES);
    const staleness = options.externalWrites > 0 ? measureStaleness(registerOperations) : undefined;
    const linearizability = shouldCheckLinearizability(options, run.records.length)
      ? checkKeysLinearizable(registerOperations, initial)
      : undefined;
    if (context.runDir && options.saveHistory) {
      await writeHistory(join(context.runDir, `history-${fileLabel(label)}.jsonl`), run.records);
    }

    return summarizeRun({
      strategy: label,
      cdc: context.cdc,
      processes: urls.length,
      revision,
      planned: context.operations.length,
      run,
      counters: {
        ...counterDelta(before, after),
        cdcLagBuckets: counterDelta(before, settled).cdcLagBuckets,
      },
      stale,
      staleness,
      mismatches,
      linearizability,
      inventory,
      faults: faults?.events ?? [],
      maxExamples: MAX_EXAMPLES,
    });
  } finally {
    for (const client of clients) client.close();
    await externalWriter?.close();
    await environment.close();
  }
}

function shouldCheckLinearizability(options: StressOptions, operations: number): boolean {
  const setting = options.linearizability;
  return setting === 'on' || (typeof setting === 'number' && operations <= setting);
}

async function writeHistory(path: string, records: readonly OperationRecord[]): Promise<void> {
  await writeFile(path, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}
