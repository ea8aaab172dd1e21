import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { MariadbReplication } from '../../../support/mariadb-replication.js';
import type { MariadbServer } from '../../../support/mariadb-server.js';
import type { RedisServer } from '../../../support/redis-server.js';
import { uniqueName } from '../../../support/unique-name.js';
import type { CacheStrategyName } from '../../../src/cache/index.js';
import { FaultInjector, type FaultPlan } from '../faults/fault-injector.js';
import { fileLabel } from '../strategy-label.js';
import type { CdcMode, StressOptions } from '../stress-options.js';
import { AppProcesses } from './app-processes.js';
import { MysqlAdmin } from './mysql-admin.js';
import { sourceRevision } from './source-revision.js';
import type { StressEnvironment } from './stress-environment.js';

export interface OwnAppProcessesSetup {
  strategy: CacheStrategyName;
  options: StressOptions;
  /** The tool's own redis-server, flushed here before the apps start. */
  redis: RedisServer;
  /** `--replica`: the tool's own primary and replica, instead of the environment's MySQL. */
  replication?: MariadbReplication;
  /** The tool's own MariaDB (the replica's primary, or `--cdc`'s server); else the environment's. */
  server?: MariadbServer;
  /** The apps' CACHE_CDC (`--cdc`). */
  cdc?: CdcMode;
  /** `naive cdc=binlog`: names the log folder and the status lines. */
  label: string;
  /** Results folder of the run: each process's log goes to `logs-<label>/`. */
  runDir?: string;
  onStatus: (message: string) => void;
}

/**
 * App processes of the tool's own, on a fresh MySQL database and the tool's Redis (flushed):
 * the tool may inject faults into both, and drops the database at the end (unless `--keep`).
 */
export class OwnAppProcesses implements StressEnvironment {
  private constructor(
    private readonly apps: AppProcesses,
    private readonly redis: RedisServer,
    readonly mysql: MysqlAdmin,
    readonly revision: string,
    private readonly keep: boolean,
    private readonly replication: MariadbReplication | undefined,
  ) {}

  get urls(): readonly string[] {
    return this.apps.urls;
  }

  static async start(setup: OwnAppProcessesSetup): Promise<OwnAppProcesses> {
    const { strategy, options, redis, replication, server, label } = setup;
    const mysql = new MysqlAdmin(uniqueName(`stress_${strategy.replace(/-/g, '_')}`), server);
    const flusher = redis.client();
    await flusher.flushall().finally(() => flusher.disconnect());
    const logDir = setup.runDir ? join(setup.runDir, `logs-${fileLabel(label)}`) : undefined;
    if (logDir) await mkdir(logDir, { recursive: true });
    const revision = sourceRevision();
    setup.onStatus(`${label}: starting ${options.processes} app processes at ${revision}`);
    try {
      const apps = await AppProcesses.start({
        count: options.processes,
        fromSource: options.fromSource,
        logDir,
        startTimeoutMs: 90_000,
        env: {
          ...appEnvironment(strategy, options, redis.url, mysql.database),
          ...(server ? serverEnvironment(server) : {}),
          ...(replication ? { MYSQL_REPLICA_HOSTS: replication.replicaHosts } : {}),
          ...(setup.cdc ? { CACHE_CDC: setup.cdc } : {}),
        },
      });
      return new OwnAppProcesses(apps, redis, mysql, revision, options.keep, replication);
    } catch (error) {
      if (!options.keep) await mysql.drop();
      throw error;
    }
  }

  faultInjector(plan: FaultPlan): FaultInjector {
    return new FaultInjector(plan, this.redis, this.mysql, this.replication);
  }

  async close(): Promise<void> {
    await this.apps.stop();
    if (!this.keep) await this.mysql.drop();
  }
}

/** The apps write to the tool's own server (with a replica: its primary). */
function serverEnvironment(server: MariadbServer): Record<string, string> {
  return {
    MYSQL_HOST: server.host,
    MYSQL_PORT: String(server.port),
    MYSQL_USER: server.user,
    MYSQL_PASSWORD: server.password,
  };
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
