import { hostname } from 'node:os';
import type { DataSource } from 'typeorm';

/**
 * `off` (default) or `binlog`: tail the MySQL/MariaDB binlog (docs/consistency.md, "Change data
 * capture").
 */
export type CacheCdcMode = 'off' | 'binlog';

/** Where the binlog is read: the primary, as a user with REPLICATION SLAVE and CLIENT. */
export interface CacheCdcConnection {
  host: string;
  port: number;
  user: string;
  password?: string;
}

export interface CacheCdcOptions {
  mode: CacheCdcMode;
  /**
   * The replica server id of this process's binlog connection: unique among every server and
   * binlog reader of the primary (a second reader with the same id disconnects the first).
   * Default: derived from the host name and the process id (see `cdcServerId`).
   */
  serverId?: number;
  /** Default: the TypeORM DataSource's primary (host, port, user, password). */
  connection?: CacheCdcConnection;
  /**
   * How often the position up to which everything is invalidated is saved to Redis, at most.
   * A restart replays at most this much of the binlog (replays are harmless). Default 200 ms.
   */
  positionSaveIntervalMs?: number;
  /** How long a lost binlog connection waits before its first reconnect. Default 100 ms. */
  reconnectDelayMs?: number;
}

export type ResolvedCdcOptions = Required<Omit<CacheCdcOptions, 'connection'>> &
  Pick<CacheCdcOptions, 'connection'>;

const FIRST_SERVER_ID = 2 ** 31;

/**
 * A stable server id in [2^31, 2^32): the FNV-1a hash of `host:port` (or any other identity of
 * the process). High ids stay clear of the small ids that real servers are usually given.
 */
export function cdcServerId(host: string, port: number | string): number {
  let hash = 0x811c9dc5;
  for (const char of `${host}:${port}`) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return FIRST_SERVER_ID + (hash & 0x7fffffff);
}

export function resolveCdcOptions(options: CacheCdcOptions | undefined): ResolvedCdcOptions {
  return {
    mode: options?.mode ?? 'off',
    serverId: options?.serverId ?? cdcServerId(hostname(), process.pid),
    connection: options?.connection,
    positionSaveIntervalMs: options?.positionSaveIntervalMs ?? 200,
    reconnectDelayMs: options?.reconnectDelayMs ?? 100,
  };
}

/** The `connection` option, or else the DataSource's primary (host, port, user, password). */
export function cdcConnection(
  options: ResolvedCdcOptions,
  dataSource: DataSource,
): CacheCdcConnection {
  if (options.connection) return options.connection;
  const source = dataSource.options as {
    host?: string;
    port?: number;
    username?: string;
    password?: string;
    replication?: {
      master: { host?: string; port?: number; username?: string; password?: string };
    };
  };
  const primary = source.replication?.master ?? source;
  return {
    host: primary.host ?? '127.0.0.1',
    port: primary.port ?? 3306,
    user: primary.username ?? 'root',
    password: primary.password ?? '',
  };
}
