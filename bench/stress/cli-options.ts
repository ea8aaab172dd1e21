import { parseArgs } from 'node:util';
import { CACHE_STRATEGY_NAMES } from '../../src/cache/index.js';
import { FAULT_NAMES, type FaultName } from './faults/fault-injector.js';
import { CDC_MODES, DEFAULT_OPTIONS, type CdcMode, type StressOptions } from './stress-options.js';

export const USAGE = `Usage: npm run stress -- [options]

  --strategies a,b,...     ${CACHE_STRATEGY_NAMES.join(',')} (default ${DEFAULT_OPTIONS.strategies.join(',')})
  --processes N            app processes to start (default ${DEFAULT_OPTIONS.processes})
  --targets URL,URL        drive running instances instead (no faults, no strategy switch)
  --targets-database NAME  their MySQL database, for the final comparison
  --mode users|inventory   GET/PUT /users or GET /inventory + POST /inventory/sell (default users)
  --operations N           (default ${DEFAULT_OPTIONS.operations})
  --concurrency N          operations in flight (default ${DEFAULT_OPTIONS.concurrency})
  --read-ratio R           share of reads, 0..1 (default ${DEFAULT_OPTIONS.readRatio})
  --keys N                 users or goods in play (default ${DEFAULT_OPTIONS.keys})
  --hot-keys N             keys that receive --hot-ratio of all operations (default ${DEFAULT_OPTIONS.hotKeys})
  --hot-ratio R            (default ${DEFAULT_OPTIONS.hotRatio})
  --initial-stock N        inventory mode: stock of every goods (default ${DEFAULT_OPTIONS.initialStock})
  --max-sale N             inventory mode: largest quantity of one sale (default ${DEFAULT_OPTIONS.maxSaleQuantity})
  --seed N                 PRNG seed: same seed, same operations (default ${DEFAULT_OPTIONS.seed})
  --faults a,b,...         ${FAULT_NAMES.join(',')} or all (default none)
  --fault-interval-ms N    pause between faults (default ${DEFAULT_OPTIONS.faultIntervalMs})
  --lock-ttl-ms N          the apps' LOCK_TTL_MS; pause and table lock last 1 s longer (default ${DEFAULT_OPTIONS.lockTtlMs})
  --replica                a primary and one replica of the tool's own (MYSQL_REPLICA_HOSTS)
  --replica-pause-ms N     the replica-pause fault: SQL thread stopped this long (default ${DEFAULT_OPTIONS.replicaPauseMs})
  --external-writes R      share of writes sent straight to MySQL, not through the API (default 0)
  --cdc off,binlog         the apps' CACHE_CDC, each in turn, on a MariaDB of the tool's own
  --fill-delay-ms N        the apps' CACHE_DEBUG_FILL_DELAY_MS (default unset)
  --app-env NAME=VALUE     extra environment for the apps (repeatable)
  --timeout-ms N           per request (default ${DEFAULT_OPTIONS.requestTimeoutMs})
  --max-duration-s N       bound on one strategy's run (default ${DEFAULT_OPTIONS.maxDurationMs / 1000})
  --settle-ms N            wait before the final reads (default ${DEFAULT_OPTIONS.settleMs})
  --linearizability on|off|N  per-key search: always, never, or up to N operations (default ${String(DEFAULT_OPTIONS.linearizability)})
  --from-source            start the apps from src/ with swc-node (no build needed)
  --results DIR            results folder (default bench/results/<timestamp>)
  --save-history           also write every operation (history-<strategy>.jsonl)
  --keep                   keep the MySQL databases
  --no-progress            no progress bar
  --help
`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCliOptions(argv: string[]): StressOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      strategies: { type: 'string' },
      processes: { type: 'string' },
      targets: { type: 'string' },
      'targets-database': { type: 'string' },
      mode: { type: 'string' },
      operations: { type: 'string' },
      concurrency: { type: 'string' },
      'read-ratio': { type: 'string' },
      keys: { type: 'string' },
      'hot-keys': { type: 'string' },
      'hot-ratio': { type: 'string' },
      'initial-stock': { type: 'string' },
      'max-sale': { type: 'string' },
      seed: { type: 'string' },
      faults: { type: 'string' },
      'fault-interval-ms': { type: 'string' },
      'lock-ttl-ms': { type: 'string' },
      replica: { type: 'boolean' },
      'replica-pause-ms': { type: 'string' },
      'external-writes': { type: 'string' },
      cdc: { type: 'string' },
      'fill-delay-ms': { type: 'string' },
      'app-env': { type: 'string', multiple: true },
      'timeout-ms': { type: 'string' },
      'max-duration-s': { type: 'string' },
      'settle-ms': { type: 'string' },
      linearizability: { type: 'string' },
      'from-source': { type: 'boolean' },
      results: { type: 'string' },
      'save-history': { type: 'boolean' },
      keep: { type: 'boolean' },
      'no-progress': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) return 'help';
  const d = DEFAULT_OPTIONS;
  const appEnv = Object.fromEntries((values['app-env'] ?? []).map(envPair));
  const int = (name: keyof typeof values, fallback: number, min: number, max: number) =>
    numberOption(name, values[name] as string | undefined, fallback, min, max, true);
  const ratio = (name: keyof typeof values, fallback: number) =>
    numberOption(name, values[name] as string | undefined, fallback, 0, 1, false);
  const options: StressOptions = {
    ...d,
    strategies: listOption('strategies', values.strategies, CACHE_STRATEGY_NAMES, d.strategies),
    processes: int('processes', d.processes, 1, 16),
    targets: values.targets
      ?.split(',')
      .map((url) => url.trim())
      .filter(Boolean),
    targetsDatabase: values['targets-database'],
    mode: listOption('mode', values.mode, ['users', 'inventory'] as const, [d.mode])[0],
    operations: int('operations', d.operations, 1, 10_000_000),
    concurrency: int('concurrency', d.concurrency, 1, 10_000),
    readRatio: ratio('read-ratio', d.readRatio),
    keys: int('keys', d.keys, 1, 1_000_000),
    hotKeys: int('hot-keys', d.hotKeys, 0, 1_000_000),
    hotRatio: ratio('hot-ratio', d.hotRatio),
    initialStock: int('initial-stock', d.initialStock, 0, 1_000_000_000),
    maxSaleQuantity: int('max-sale', d.maxSaleQuantity, 1, 10_000),
    seed: int('seed', d.seed, 0, 2 ** 32 - 1),
    faults:
      values.faults === 'all'
        ? FAULT_NAMES.filter((fault) => values.replica || fault !== 'replica-pause')
        : listOption<FaultName>('faults', values.faults, FAULT_NAMES, d.faults),
    faultIntervalMs: int('fault-interval-ms', d.faultIntervalMs, 100, 3_600_000),
    lockTtlMs: int('lock-ttl-ms', d.lockTtlMs, 10, 3_600_000),
    replica: values.replica ?? d.replica,
    replicaPauseMs: int('replica-pause-ms', d.replicaPauseMs, 100, 600_000),
    externalWrites: ratio('external-writes', d.externalWrites),
    fillDelayMs: int('fill-delay-ms', d.fillDelayMs, 0, 60_000),
    appEnv,
    cdc: cdcOption(values.cdc, appEnv),
    requestTimeoutMs: int('timeout-ms', d.requestTimeoutMs, 10, 600_000),
    maxDurationMs: int('max-duration-s', d.maxDurationMs / 1000, 1, 86_400) * 1000,
    settleMs: int('settle-ms', d.settleMs, 0, 600_000),
    linearizability: linearizabilityOption(values.linearizability, d.linearizability),
    fromSource: values['from-source'] ?? d.fromSource,
    resultsDir: values.results,
    saveHistory: values['save-history'] ?? d.saveHistory,
    keep: values.keep ?? d.keep,
    progress: !values['no-progress'],
  };
  if (options.targets?.length && options.faults.length) {
    throw new UsageError('--faults needs the tool to own Redis and MySQL: not with --targets');
  }
  if (options.targets?.length && options.replica) {
    throw new UsageError("--replica starts MySQL servers of the tool's own: not with --targets");
  }
  if (options.faults.includes('replica-pause') && !options.replica) {
    throw new UsageError("--faults replica-pause needs --replica (a replica of the tool's own)");
  }
  if (options.externalWrites > 0 && options.mode !== 'users') {
    throw new UsageError('--external-writes updates user rows: only with --mode users');
  }
  if (options.externalWrites > 0 && options.targets?.length && !options.targetsDatabase) {
    throw new UsageError('--external-writes with --targets needs --targets-database');
  }
  if (options.targets?.length && options.cdc) {
    throw new UsageError("--cdc starts a MariaDB of the tool's own: not with --targets");
  }
  return options;
}

/**
 * `--cdc off,binlog`, or `--app-env CACHE_CDC=binlog` alone: CDC needs a server with a ROW
 * binlog, which the shared one is not, so either puts the apps on a MariaDB of the tool's own.
 */
function cdcOption(raw: string | undefined, appEnv: Record<string, string>): CdcMode[] | undefined {
  const fromEnv = appEnv.CACHE_CDC;
  if (raw !== undefined && fromEnv !== undefined) {
    throw new UsageError('--cdc and --app-env CACHE_CDC=…: give one of them');
  }
  if (raw !== undefined) return listOption('cdc', raw, CDC_MODES, []);
  return fromEnv === 'binlog' ? ['binlog'] : undefined;
}

function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  min: number,
  max: number,
  integer: boolean,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new UsageError(
      `--${name}: expected ${integer ? 'an integer' : 'a number'}, got "${raw}"`,
    );
  }
  if (value < min || value > max) {
    throw new UsageError(`--${name}: expected ${min} to ${max}, got ${value}`);
  }
  return value;
}

function listOption<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
  fallback: T[],
): T[] {
  if (raw === undefined) return fallback;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  const unknown = items.filter((item) => !(allowed as readonly string[]).includes(item));
  if (unknown.length || items.length === 0) {
    throw new UsageError(`--${name}: expected some of ${allowed.join(', ')}, got "${raw}"`);
  }
  return items as T[];
}

function linearizabilityOption(
  raw: string | undefined,
  fallback: StressOptions['linearizability'],
): StressOptions['linearizability'] {
  if (raw === undefined) return fallback;
  if (raw === 'on' || raw === 'off') return raw;
  return numberOption('linearizability', raw, 0, 0, 10_000_000, true);
}

function envPair(item: string): [string, string] {
  const index = item.indexOf('=');
  if (index < 1) throw new UsageError(`--app-env: expected NAME=value, got "${item}"`);
  return [item.slice(0, index), item.slice(index + 1)];
}
