import type { CacheStrategyName } from '../../src/cache/index.js';
import type { FaultName } from './faults/fault-injector.js';
import type { WorkloadMode } from './workload/workload.js';

/** The apps' `CACHE_CDC`. */
export type CdcMode = 'off' | 'binlog';
export const CDC_MODES: readonly CdcMode[] = ['off', 'binlog'];

export interface StressOptions {
  /** Run one after another on the same workload and seed. */
  strategies: CacheStrategyName[];
  /** App processes to start (ignored with `targets`). */
  processes: number;
  /** Already running instances to drive instead of starting our own. */
  targets?: string[];
  /** With `targets`: their MySQL database, to compare the final state with. */
  targetsDatabase?: string;
  mode: WorkloadMode;
  operations: number;
  concurrency: number;
  readRatio: number;
  keys: number;
  hotKeys: number;
  hotRatio: number;
  initialStock: number;
  maxSaleQuantity: number;
  seed: number;
  faults: FaultName[];
  faultIntervalMs: number;
  /** LOCK_TTL_MS of the apps; pause and table-lock faults outlast it. */
  lockTtlMs: number;
  /**
   * A primary and one replica of the tool's own (`--replica`): the apps get
   * `MYSQL_REPLICA_HOSTS`, and the `replica-pause` fault stops the replica's SQL thread.
   */
  replica: boolean;
  /** How long `replica-pause` keeps the replica's SQL thread stopped. */
  replicaPauseMs: number;
  /**
   * Share of the writes (0..1) sent straight to MySQL from the tool's own connection, as
   * `UPDATE … SET version = version + 1`, instead of through the API: writes the cache cannot see.
   */
  externalWrites: number;
  /**
   * `CACHE_CDC` settings to run every strategy under, one after another, on a MariaDB of the
   * tool's own (ROW binlog); undefined: the apps' setting, on the environment's MySQL.
   */
  cdc?: CdcMode[];
  /** CACHE_DEBUG_FILL_DELAY_MS of the apps (0: unset). */
  fillDelayMs: number;
  /** Extra environment for the apps (`--app-env NAME=value`). */
  appEnv: Record<string, string>;
  requestTimeoutMs: number;
  /** Bound on the driving phase of one strategy. */
  maxDurationMs: number;
  /** Wait after the run before the final reads (double-delete's delayed delete, TTLs). */
  settleMs: number;
  /** Per-key linearizability search: always, never, or when operations ≤ this many. */
  linearizability: 'on' | 'off' | number;
  keep: boolean;
  fromSource: boolean;
  /** Where results go; undefined: none (the test suite). */
  resultsDir?: string;
  progress: boolean;
  saveHistory: boolean;
}

export const DEFAULT_OPTIONS: StressOptions = {
  strategies: ['lease'],
  processes: 3,
  mode: 'users',
  operations: 100_000,
  concurrency: 1000,
  readRatio: 0.7,
  keys: 1000,
  hotKeys: 10,
  hotRatio: 0.5,
  initialStock: 1_000_000,
  maxSaleQuantity: 3,
  seed: 1,
  faults: [],
  faultIntervalMs: 5000,
  lockTtlMs: 10_000,
  replica: false,
  replicaPauseMs: 3000,
  externalWrites: 0,
  fillDelayMs: 0,
  appEnv: {},
  requestTimeoutMs: 30_000,
  maxDurationMs: 600_000,
  settleMs: 1000,
  linearizability: 20_000,
  keep: false,
  fromSource: false,
  progress: true,
  saveHistory: false,
};
