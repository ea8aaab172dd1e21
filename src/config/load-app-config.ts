import { hostname } from 'node:os';
import type { LogLevel } from '@nestjs/common';
import {
  CACHE_STRATEGIES,
  type AppConfig,
  type CacheStrategyName,
} from './app-config.interface.js';
import { cdcServerId } from '../cache/index.js';
import { ConfigError } from './config.error.js';

type Env = Record<string, string | undefined>;

const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const REDIS_PROTOCOLS = ['redis:', 'rediss:'];
const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_.:-]*$/;

function value(env: Env, name: string, fallback: string): string {
  const raw = env[name];
  return raw === undefined || raw === '' ? fallback : raw.trim();
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = value(env, name, String(fallback));
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw);
}

/** Undefined when unset, so that the module's own default applies. */
function optionalInteger(env: Env, name: string, min: number, max: number): number | undefined {
  return value(env, name, '') === '' ? undefined : integer(env, name, 0, min, max);
}

/**
 * A value as an error may show it: whatever precedes the last `@` (a URL's user and password)
 * becomes `***`, even when the value does not parse (`redis//:secret@host`).
 */
function withoutCredentials(raw: string): string {
  const at = raw.lastIndexOf('@');
  if (at < 0) return raw;
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(raw)?.[0] ?? '';
  return `${scheme}***${raw.slice(at)}`;
}

function redisUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `not a URL: "${withoutCredentials(raw)}"`);
  }
  if (!REDIS_PROTOCOLS.includes(url.protocol) || url.hostname === '') {
    throw new ConfigError(
      name,
      `expected redis://host:port or rediss://host:port, got "${withoutCredentials(raw)}"`,
    );
  }
  return raw;
}

function hostPort(name: string, item: string): { host: string; port: number } {
  const match = /^(.+):(\d{1,5})$/.exec(item.trim());
  if (!match || Number(match[2]) < 1 || Number(match[2]) > 65535) {
    throw new ConfigError(name, `expected host:port, got "${withoutCredentials(item)}"`);
  }
  return { host: match[1], port: Number(match[2]) };
}

/** A share from 0 to 1 (`0.001`), or the fallback when unset. */
function fraction(env: Env, name: string, fallback: number): number {
  const raw = value(env, name, String(fallback));
  if (!/^(0|1|0?\.\d+|1\.0*)$/.test(raw)) {
    throw new ConfigError(name, `expected a share from 0 to 1 such as 0.001, got "${raw}"`);
  }
  return Number(raw);
}

/**
 * `MYSQL_REPLICA_HOSTS`: distinct `host:port` items, none of them the primary. The message names
 * the item by its position, so a long list points at the bad one.
 */
function replicaHosts(env: Env, primary: string): { host: string; port: number }[] {
  const name = 'MYSQL_REPLICA_HOSTS';
  const raw = value(env, name, '');
  if (raw === '') return [];
  const seen = new Set<string>();
  return raw.split(',').map((item, index) => {
    const place = `item ${index + 1} of ${raw.split(',').length}`;
    if (item.trim() === '') throw new ConfigError(name, `${place} is empty in "${raw}"`);
    const match = /^([^\s:]+|\[[0-9A-Fa-f:.]+\]):(\d{1,5})$/.exec(item.trim());
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535) {
      throw new ConfigError(name, `${place} "${item.trim()}" is not host:port (port 1-65535)`);
    }
    const address = `${match[1]}:${port}`;
    if (address === primary) {
      throw new ConfigError(name, `${place} "${address}" is the primary (MYSQL_HOST:MYSQL_PORT)`);
    }
    if (seen.has(address)) throw new ConfigError(name, `${place} "${address}" is listed twice`);
    seen.add(address);
    return { host: match[1], port };
  });
}

const CDC_MODES = ['off', 'binlog'] as const;

/** `CACHE_CDC` and `CACHE_CDC_SERVER_ID` (a replica server id: 1 to 2^32 - 1). */
function cdc(env: Env, port: number): AppConfig['cacheCdc'] {
  const mode = value(env, 'CACHE_CDC', 'off');
  if (!(CDC_MODES as readonly string[]).includes(mode)) {
    throw new ConfigError('CACHE_CDC', `expected off or binlog, got "${mode}"`);
  }
  const serverId = integer(
    env,
    'CACHE_CDC_SERVER_ID',
    cdcServerId(hostname(), port),
    1,
    2 ** 32 - 1,
  );
  return { mode: mode as 'off' | 'binlog', serverId };
}

/**
 * Reads and validates the environment of the API contract. Every problem is a
 * {@link ConfigError} naming the variable, so start-up can stop with one line.
 */
export function loadAppConfig(env: Env = process.env): AppConfig {
  const strategy = value(env, 'CACHE_STRATEGY', 'lease');
  if (!(CACHE_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new ConfigError(
      'CACHE_STRATEGY',
      `unknown strategy "${strategy}" (expected one of ${CACHE_STRATEGIES.join(', ')})`,
    );
  }
  const logLevel = value(env, 'LOG_LEVEL', 'log');
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) {
    throw new ConfigError(
      'LOG_LEVEL',
      `expected one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`,
    );
  }
  const database = value(env, 'MYSQL_DATABASE', 'consistent_cache');
  if (!/^[A-Za-z0-9_]{1,64}$/.test(database)) {
    throw new ConfigError(
      'MYSQL_DATABASE',
      `expected 1-64 letters, digits or _, got "${database}"`,
    );
  }
  const keyPrefix = value(env, 'REDIS_KEY_PREFIX', '');
  if (!KEY_PREFIX_PATTERN.test(keyPrefix)) {
    throw new ConfigError(
      'REDIS_KEY_PREFIX',
      `expected letters, digits and _ . : -, got "${keyPrefix}"`,
    );
  }
  const url = redisUrl('REDIS_URL', value(env, 'REDIS_URL', 'redis://127.0.0.1:6379'));
  const clusterRaw = value(env, 'REDIS_CLUSTER_NODES', '');
  const lockRaw = value(env, 'LOCK_REDIS_URLS', url);

  const mysqlHost = value(env, 'MYSQL_HOST', '127.0.0.1');
  const mysqlPort = integer(env, 'MYSQL_PORT', 3306, 1, 65535);

  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    logLevel: logLevel as LogLevel,
    mysql: {
      host: mysqlHost,
      port: mysqlPort,
      user: value(env, 'MYSQL_USER', 'root'),
      password: env.MYSQL_PASSWORD ?? '',
      database,
      poolSize: integer(env, 'MYSQL_POOL_SIZE', 20, 1, 1000),
      replicas: replicaHosts(env, `${mysqlHost}:${mysqlPort}`),
      queryTimeoutMs: integer(env, 'MYSQL_QUERY_TIMEOUT_MS', 2000, 0, 3_600_000),
    },
    redis: {
      url,
      clusterNodes: clusterRaw
        ? clusterRaw.split(',').map((item) => hostPort('REDIS_CLUSTER_NODES', item))
        : undefined,
      keyPrefix,
      commandTimeoutMs: integer(env, 'REDIS_COMMAND_TIMEOUT_MS', 500, 10, 60_000),
    },
    lockRedisUrls: lockRaw.split(',').map((item) => redisUrl('LOCK_REDIS_URLS', item.trim())),
    lockTtlMs: integer(env, 'LOCK_TTL_MS', 10000, 10, 3_600_000),
    cacheConfigPath: value(env, 'CACHE_CONFIG', './cache-config.xml'),
    cacheStrategy: strategy as CacheStrategyName,
    cacheDebugFillDelayMs: optionalInteger(env, 'CACHE_DEBUG_FILL_DELAY_MS', 0, 60_000),
    cacheAuditRate: fraction(env, 'CACHE_AUDIT_RATE', 0),
    cacheCdc: cdc(env, integer(env, 'PORT', 3000, 0, 65535)),
    cacheDoubleDeleteDelayMs: optionalInteger(env, 'CACHE_DOUBLE_DELETE_DELAY_MS', 0, 60_000),
    lowStockReportIntervalMs: integer(env, 'LOW_STOCK_REPORT_INTERVAL_MS', 0, 0, 86_400_000),
    lowStockThreshold: integer(env, 'LOW_STOCK_THRESHOLD', 10, 0, 1_000_000_000),
  };
}
