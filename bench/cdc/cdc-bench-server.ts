import { createPool, type Pool } from 'mysql2/promise';
import { CACHE_PROBE, cacheKeys, type CacheProbe } from '../../src/cache/testing.js';
import { loadAppConfig } from '../../src/config/index.js';
import { MariadbServer } from '../../support/mariadb-server.js';
import { uniqueName } from '../../support/unique-name.js';
import { createBenchApp, type BenchApp } from '../cache/bench-app.js';
import { InvalidationClock } from './invalidation-clock.js';

const SENTINEL = 'cdc-bench-sentinel';
const INSERT_CHUNK = 1_000;
const FILL_CHUNK = 200;
let serverIds = 0;

export const userRowKey = (userId: string) => cacheKeys('SYSTEM_Person', [userId]).row;

/** An UPDATE of one row from outside the app: what the binlog stream has to catch. */
export const OUTSIDE_UPDATE = 'UPDATE t_user_auth_info SET version = version + 1 WHERE user_id = ?';

/**
 * A mariadbd of the bench's own (ROW binlog), a database on it, and one app process's cache on
 * it (the demo app without HTTP, `lease`), with `CACHE_CDC=binlog` or `off`; its `rows` users
 * inserted and cached.
 */
export interface CdcBenchServer {
  cdc: boolean;
  app: BenchApp;
  /** Null when CDC is off. */
  clock: InvalidationClock | null;
  userIds: string[];
  /** Plain mysql2 connections: the writer from outside the app. */
  outside: Pool;
  /** The environment of another app process on the same database and keys. */
  env: Record<string, string>;
  /** Resolves once the stream has invalidated everything committed so far (no-op when off). */
  caughtUp(): Promise<void>;
  /** Reads the first `count` users through the cache, so that their rows are cached. */
  cacheRows(count: number): Promise<void>;
  close(): Promise<void>;
}

export async function startCdcBenchServer(options: {
  cdc: boolean;
  redisUrl: string;
  rows: number;
}): Promise<CdcBenchServer> {
  const mariadb = await MariadbServer.start();
  const name = uniqueName('cc_bench_cdc');
  const env: Record<string, string> = {
    MYSQL_HOST: mariadb.host,
    MYSQL_PORT: String(mariadb.port),
    MYSQL_USER: mariadb.user,
    MYSQL_PASSWORD: mariadb.password,
    MYSQL_DATABASE: name,
    MYSQL_POOL_SIZE: '8',
    MYSQL_QUERY_TIMEOUT_MS: '0',
    REDIS_URL: options.redisUrl,
    LOCK_REDIS_URLS: options.redisUrl,
    REDIS_KEY_PREFIX: `${name}:`,
    CACHE_STRATEGY: 'lease',
    CACHE_CDC: options.cdc ? 'binlog' : 'off',
  };
  let app: BenchApp | undefined;
  let outside: Pool | undefined;
  try {
    app = await createBenchApp(
      loadAppConfig({
        ...process.env,
        ...env,
        CACHE_CDC_SERVER_ID: String(5000 + ++serverIds),
        LOG_LEVEL: 'error',
      }),
    );
    const pool = createPool({
      host: mariadb.host,
      port: mariadb.port,
      user: mariadb.user,
      database: name,
      connectionLimit: 8,
    });
    outside = pool;
    const clock = options.cdc
      ? new InvalidationClock(app.context.get<CacheProbe>(CACHE_PROBE))
      : null;
    const caughtUp = async () => {
      if (!clock) return;
      const done = clock.next(userRowKey(SENTINEL));
      await pool.query(OUTSIDE_UPDATE, [SENTINEL]);
      await done;
    };
    const userIds = Array.from({ length: options.rows }, (_, i) => `cdc-bench-${i}`);
    for (let i = 0; i < userIds.length; i += INSERT_CHUNK) {
      const values = userIds.slice(i, i + INSERT_CHUNK).map((userId) => [userId, 1, null]);
      await pool.query('INSERT INTO t_user_auth_info (user_id, user_level, nickname) VALUES ?', [
        values,
      ]);
    }
    await pool.query('INSERT INTO t_user_auth_info (user_id, user_level) VALUES (?, 1)', [
      SENTINEL,
    ]);
    await caughtUp();
    const started = app;
    const cacheRows = async (count: number) => {
      for (let i = 0; i < count; i += FILL_CHUNK) {
        await started.users.findByUserIds(userIds.slice(i, Math.min(count, i + FILL_CHUNK)));
      }
    };
    await cacheRows(userIds.length);
    return {
      cdc: options.cdc,
      app: started,
      clock,
      userIds,
      outside: pool,
      env,
      caughtUp,
      cacheRows,
      async close() {
        await started.close();
        await pool.end();
        await mariadb.stop();
      },
    };
  } catch (error) {
    await app?.close().catch(() => undefined);
    await outside?.end().catch(() => undefined);
    await mariadb.stop();
    throw error;
  }
}
