import type { LogLevel } from '@nestjs/common';
import type { CacheStrategyName } from '../cache/index.js';

/** `CACHE_STRATEGY`: the cache library's strategies. */
export { CACHE_STRATEGY_NAMES as CACHE_STRATEGIES } from '../cache/index.js';
export type { CacheStrategyName };

export interface MysqlConfig {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  poolSize: number;
  /**
   * `MYSQL_REPLICA_HOSTS`: read replicas (TypeORM replication, same credentials and database).
   * Empty: no replication. A load that may fill the cache always reads the primary.
   */
  replicas: { host: string; port: number }[];
  /**
   * `MYSQL_QUERY_TIMEOUT_MS`: the server stops any statement or lock wait of the app's sessions
   * after this long (the request answers 503); 0 turns the bound off.
   */
  queryTimeoutMs: number;
}

export interface RedisConfig {
  url: string;
  clusterNodes: { host: string; port: number }[] | undefined;
  /** Prepended to every key this app writes (tests and stress runs use one of their own). */
  keyPrefix: string;
  /**
   * `REDIS_COMMAND_TIMEOUT_MS`: a cache command slower than this counts as failed (a read goes
   * to MySQL, a write is refused before it touches MySQL).
   */
  commandTimeoutMs: number;
}

export interface AppConfig {
  port: number;
  logLevel: LogLevel;
  mysql: MysqlConfig;
  redis: RedisConfig;
  lockRedisUrls: string[];
  lockTtlMs: number;
  cacheConfigPath: string;
  cacheStrategy: CacheStrategyName;
  /** `CACHE_DEBUG_FILL_DELAY_MS` (tests and stress runs only): pause between load and fill. */
  cacheDebugFillDelayMs?: number;
  /** `CACHE_AUDIT_RATE`: share of cache hits re-read from the primary to count consistency. */
  cacheAuditRate: number;
  /**
   * `CACHE_CDC` (`off` or `binlog`) and `CACHE_CDC_SERVER_ID` (default derived from the host name
   * and `PORT`, so each app process on a host has its own): binlog change data capture.
   */
  cacheCdc: { mode: 'off' | 'binlog'; serverId: number };
  /** `CACHE_DOUBLE_DELETE_DELAY_MS`: the `double-delete` strategy's delay. */
  cacheDoubleDeleteDelayMs?: number;
  /** `LOW_STOCK_REPORT_INTERVAL_MS`: the one-instance-only demo job's period; 0 = off. */
  lowStockReportIntervalMs: number;
  /** `LOW_STOCK_THRESHOLD`: goods with less stock than this are reported. */
  lowStockThreshold: number;
}
