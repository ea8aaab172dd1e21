import { MariadbReplication } from '../../support/mariadb-replication.js';
import { MariadbServer } from '../../support/mariadb-server.js';
import { RedisServer } from '../../support/redis-server.js';
import type { StrategyResult } from './report/strategy-result.js';
import { runStrategy } from './run-strategy.js';
import { strategyLabel } from './strategy-label.js';
import type { StressOptions } from './stress-options.js';
import { keyNames, planWorkload } from './workload/workload.js';

export interface StressHooks {
  /** `label`: the strategy, and its CACHE_CDC when the run sets it (`naive cdc=binlog`). */
  onStrategyStart?: (label: string, operations: number) => void;
  onProgress?: (done: number) => void;
  onStrategyEnd?: (result: StrategyResult) => void;
  onStatus?: (message: string) => void;
}

/**
 * Every selected strategy, one after another, on the same planned operations. With our own
 * apps the tool starts one redis-server for the whole run (flushed between strategies); with
 * running targets it drives them once, on keys of its own. With `--cdc` every strategy runs
 * under each CACHE_CDC setting in turn, all on one MariaDB of the tool's own (ROW binlog).
 */
export async function runStress(
  options: StressOptions,
  hooks: StressHooks = {},
  runDir?: string,
): Promise<StrategyResult[]> {
  const targets = options.targets?.length ?? 0;
  const spec = {
    mode: options.mode,
    operations: options.operations,
    readRatio: options.readRatio,
    keys: options.keys,
    hotKeys: options.hotKeys,
    hotRatio: options.hotRatio,
    targets: targets || options.processes,
    externalWrites: options.externalWrites,
    maxSaleQuantity: options.maxSaleQuantity,
    seed: options.seed,
    // fresh keys on long-running instances, so earlier data cannot skew the checks
    keyBase: targets ? (Date.now() % 1_000_000_000) * 1000 : 0,
  };
  const operations = planWorkload(spec);
  const keys = keyNames(spec);
  const strategies = targets ? options.strategies.slice(0, 1) : options.strategies;
  const redis = targets ? undefined : await RedisServer.start();
  let replication: MariadbReplication | undefined;
  let ownServer: MariadbServer | undefined;
  const results: StrategyResult[] = [];
  try {
    if (options.replica) {
      hooks.onStatus?.('starting a MariaDB primary and replica of our own');
      replication = await MariadbReplication.start();
    } else if (options.cdc) {
      hooks.onStatus?.('starting a MariaDB of our own (ROW binlog)');
      ownServer = await MariadbServer.start({ serverId: 1 });
    }
    for (const cdc of options.cdc ?? [undefined]) {
      for (const strategy of strategies) {
        hooks.onStrategyStart?.(strategyLabel(strategy, cdc), operations.length);
        const result = await runStrategy(strategy, {
          options,
          operations,
          keys,
          redis,
          replication,
          server: replication?.primary ?? ownServer,
          cdc,
          runDir,
          onProgress: hooks.onProgress,
          onStatus: hooks.onStatus,
        });
        results.push(result);
        hooks.onStrategyEnd?.(result);
      }
    }
  } finally {
    await redis?.stop();
    await replication?.stop();
    await ownServer?.stop();
  }
  return results;
}
