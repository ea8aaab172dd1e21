import type { Connection } from 'mysql2/promise';
import { CacheCdc } from '../../../src/cache/index.js';
import type { BinlogStream } from '../../../src/cache/testing.js';
import type { MariadbServer } from '../../../support/mariadb-server.js';
import { createCacheTestApp, type CacheTestApp } from '../support/cache-test-app.js';
import { Signal } from '../support/gate.js';

let serverIds = 0;

/** A cache test app on `server` (a mariadbd of the test's own) with `CACHE_CDC=binlog`. */
export interface CdcTestApp extends CacheTestApp {
  stream: BinlogStream;
  /** Resolves once the binlog stream has invalidated `rowKey` (install before the write). */
  invalidated(rowKey: string): Promise<void>;
  /** Inserts a user (level 1) through the app; resolves once the stream has handled the insert. */
  insertSettled(userId: string): Promise<void>;
}

export async function createCdcTestApp(
  server: MariadbServer,
  env: Record<string, string> = {},
): Promise<CdcTestApp> {
  const t = await createCacheTestApp({
    MYSQL_HOST: server.host,
    MYSQL_PORT: String(server.port),
    CACHE_CDC: 'binlog',
    MYSQL_QUERY_TIMEOUT_MS: '0',
    CACHE_CDC_SERVER_ID: String(1000 + (process.pid % 1000) * 100 + ++serverIds),
    ...env,
  });
  const stream = t.app.get(CacheCdc).stream!;
  const invalidated = (rowKey: string) => {
    const signal = new Signal();
    t.probe.install({ afterCdcInvalidation: signal.at(rowKey) });
    return signal.reached;
  };
  return {
    ...t,
    stream,
    invalidated,
    async insertSettled(userId) {
      const handled = invalidated(t.userKeys(userId).row);
      await t.users.insert({ userId, userLevel: 1, nickname: null });
      await handled;
      t.probe.install({});
    },
  };
}

/** Another app on the same database and keys (a restart, or a second process). */
export function createCdcInstance(
  server: MariadbServer,
  first: CacheTestApp,
  env: Record<string, string> = {},
): Promise<CdcTestApp> {
  return createCdcTestApp(server, {
    MYSQL_DATABASE: first.config.mysql.database,
    REDIS_KEY_PREFIX: first.config.redis.keyPrefix,
    ...env,
  });
}

/** A plain mysql2 connection on the app's database: the writer from outside the app. */
export function outsideWriter(server: MariadbServer, t: CacheTestApp): Promise<Connection> {
  return server.connect(t.config.mysql.database);
}
