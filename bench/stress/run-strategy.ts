import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RedisServer } from '../../test/support/redis-server.js';
import { uniqueName } from '../../test/support/test-env.js';
import type { CacheStrategyName } from '../../src/config/app-config.interface.js';
import { checkKeysLinearizable } from './checker/check-linearizability.js';
import { findFinalMismatches } from './checker/final-mismatches.js';
import { checkInventory } from './checker/inventory-invariants.js';
import { findStaleReads } from './checker/stale-reads.js';
import { toRegisterOperations } from './checker/to-register-operations.js';
import { drive } from './driver/drive.js';
import { HttpClient } from './driver/http-client.js';
import { AppProcesses } from './environment/app-processes.js';
import {
  readInventoryFinals,
  readMysqlRows,
  readThroughEveryProcess,
} from './environment/final-state.js';
import { MysqlAdmin } from './environment/mysql-admin.js';
import { seedKeys } from './environment/seed-keys.js';
import { sourceRevision } from './environment/source-revision.js';
import { waitAllHealthy } from './environment/wait-healthy.js';
import { FaultInjector } from './faults/fault-injector.js';
import type { OperationRecord } from './history/operation-record.js';
import { counterDelta, hitRatio, scrapeCacheCounters } from './metrics/cache-metrics.js';
import { errorsByStatus, firstErrorMessages, latencyByKind } from './report/statistics.js';
import type { StrategyResult } from './report/strategy-result.js';
import type { StressOptions } from './stress-options.js';
import type { PlannedOperation } from './workload/workload.js';

export interface StrategyContext {
  options: StressOptions;
  operations: readonly PlannedOperation[];
  keys: readonly string[];
  /** The tool's own Redis (undefined with running targets). */
  redis?: RedisServer;
  /** Results folder of the run: app logs and histories go there. */
  runDir?: string;
  onProgress?: (done: number) => void;
  /** Status lines (starting apps, checking, ...). */
  onStatus?: (message: string) => void;
}

const MAX_EXAMPLES = 10;

/** One strategy: fresh database and Redis, apps up, seed, drive, check, tear down. */
export async function runStrategy(
  strategy: CacheStrategyName,
  context: StrategyContext,
): Promise<StrategyResult> {
  const { options } = context;
  const status = context.onStatus ?? (() => undefined);
  const ownApps = !options.targets?.length;
  const database = ownApps
    ? uniqueName(`stress_${strategy.replace(/-/g, '_')}`)
    : options.targetsDatabase;
  const mysql = database ? new MysqlAdmin(database) : undefined;
  let apps: AppProcesses | undefined;
  let revision: string | undefined;
  let clients: HttpClient[] = [];
  try {
    if (ownApps) {
      const redis = context.redis!;
      const flusher = redis.client();
      await flusher.flushall().finally(() => flusher.disconnect());
      const logDir = context.runDir ? join(context.runDir, `logs-${strategy}`) : undefined;
      if (logDir) await mkdir(logDir, { recursive: true });
      revision = sourceRevision();
      status(`${strategy}: starting ${options.processes} app processes at ${revision}`);
      apps = await AppProcesses.start({
        count: options.processes,
        fromSource: options.fromSource,
        logDir,
        startTimeoutMs: 90_000,
        env: appEnvironment(strategy, options, redis.url, database!),
      });
    }
    const urls = apps?.urls ?? options.targets!;
    const socketsPerTarget = Math.ceil(options.concurrency / urls.length) + 8;
    clients = urls.map((url) => new HttpClient(url, socketsPerTarget, options.requestTimeoutMs));

    status(`${strategy}: seeding ${context.keys.length} keys`);
    const initial = await seedKeys(clients[0], options.mode, context.keys, options.initialStock);
    const before = await scrapeCacheCounters(clients);
    const clockOrigin = performance.now();
    const faults =
      ownApps && mysql
        ? new FaultInjector(
            {
              faults: options.faults,
              intervalMs: options.faultIntervalMs,
              lockTtlMs: options.lockTtlMs,
              table: options.mode === 'users' ? 't_user_auth_info' : 't_inventory',
              clockOrigin,
            },
            context.redis!,
            mysql,
          )
        : undefined;
    status(`${strategy}: driving`);
    faults?.start();
    const run = await drive(context.operations, clients, {
      mode: options.mode,
      concurrency: options.concurrency,
      maxDurationMs: options.maxDurationMs,
      clockOrigin,
      onProgress: context.onProgress,
    }).finally(() => faults?.stop());
    const after = await scrapeCacheCounters(clients);

    status(`${strategy}: checking`);
    await sleep(options.settleMs);
    if (!(await waitAllHealthy(clients, 30_000)))
      status(`${strategy}: not every process is healthy`);
    const observations = await readThroughEveryProcess(clients, options.mode, context.keys);
    const truth = mysql ? await readMysqlRows(mysql, options.mode) : undefined;
    const mismatches = truth ? findFinalMismatches(observations, truth) : undefined;
    const inventory =
      mysql && options.mode === 'inventory'
        ? checkInventory(await readInventoryFinals(mysql, initial), run.records)
        : undefined;

    const registerOperations = toRegisterOperations(run.records, initial);
    const stale = findStaleReads(registerOperations, initial, MAX_EXAMPLES);
    const linearizability = shouldCheckLinearizability(options, run.records.length)
      ? checkKeysLinearizable(registerOperations, initial)
      : undefined;
    if (context.runDir && options.saveHistory) {
      await writeHistory(join(context.runDir, `history-${strategy}.jsonl`), run.records);
    }

    const delta = counterDelta(before, after);
    const durationMs = run.finishedAt - run.startedAt;
    return {
      strategy,
      processes: urls.length,
      revision,
      operations: context.operations.length,
      completed: run.records.length,
      truncated: run.truncated,
      durationMs,
      opsPerSecond: run.records.length / (durationMs / 1000),
      latencyMs: latencyByKind(run.records),
      cacheRequests: delta.requests,
      hitRatio: hitRatio(delta),
      dbLoads: delta.dbLoads,
      reads: stale.reads,
      staleReads: stale.staleReads,
      unexplainedReads: stale.unexplainedReads,
      finalMismatches: mismatches?.length,
      errorsByStatus: errorsByStatus(run.records),
      errorMessages: firstErrorMessages(run.records),
      linearizability: linearizability && {
        keysChecked: linearizability.keysChecked,
        linearizableKeys: linearizability.linearizableKeys,
        inconclusiveKeys: linearizability.inconclusiveKeys.length,
        violatingKeys: linearizability.violations.length,
      },
      inventory,
      faults: faults?.events ?? [],
      examples: {
        staleReads: stale.staleExamples,
        unexplainedReads: stale.unexplainedExamples,
        finalMismatches: (mismatches ?? []).slice(0, MAX_EXAMPLES),
        linearizabilityViolations: (linearizability?.violations ?? []).slice(0, 3),
      },
    };
  } finally {
    for (const client of clients) client.close();
    await apps?.stop();
    if (ownApps && mysql && !options.keep) await mysql.drop();
  }
}

function appEnvironment(
  strategy: CacheStrategyName,
  options: StressOptions,
  redisUrl: string,
  database: string,
): Record<string, string> {
  return {
    MYSQL_DATABASE: database,
    REDIS_URL: redisUrl,
    LOCK_REDIS_URLS: redisUrl,
    REDIS_KEY_PREFIX: 'stress:',
    CACHE_STRATEGY: strategy,
    LOCK_TTL_MS: String(options.lockTtlMs),
    LOG_LEVEL: 'warn',
    ...(options.fillDelayMs ? { CACHE_DEBUG_FILL_DELAY_MS: String(options.fillDelayMs) } : {}),
    ...options.appEnv,
  };
}

function shouldCheckLinearizability(options: StressOptions, operations: number): boolean {
  const setting = options.linearizability;
  return setting === 'on' || (typeof setting === 'number' && operations <= setting);
}

async function writeHistory(path: string, records: readonly OperationRecord[]): Promise<void> {
  await writeFile(path, records.map((record) => JSON.stringify(record)).join('\n') + '\n');
}
