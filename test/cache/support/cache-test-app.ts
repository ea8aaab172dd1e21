import type { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { CACHE_OPTIONS } from '../../../src/cache/cache.constants.js';
import type { ResolvedCacheOptions } from '../../../src/cache/cache-module-options.interface.js';
import { CacheProbe } from '../../../src/cache/cache-probe.js';
import { cacheKeys, type CacheKeys } from '../../../src/cache/cache-keys.js';
import { METRICS_REGISTRY } from '../../../src/metrics/metrics.constants.js';
import { UserAuthInfoRepository } from '../../../src/users/user-auth-info.repository.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';

export const USER_PREFIX = 'SYSTEM_Person';

/** The full app plus what cache tests reach for: repository, probe, options, counters, SQL. */
export interface CacheTestApp extends TestApp {
  users: UserAuthInfoRepository;
  probe: CacheProbe;
  options: ResolvedCacheOptions;
  dataSource: DataSource;
  counter(name: string, labels: Record<string, string>): Promise<number>;
  userKeys(userId: string): CacheKeys;
  /** The user's level straight from MySQL (null: no row). */
  mysqlLevel(userId: string): Promise<number | null>;
}

export async function createCacheTestApp(
  env: Record<string, string> = {},
  options: Partial<ResolvedCacheOptions> = {},
): Promise<CacheTestApp> {
  // Small pools: a test file may hold several apps, and MySQL's connections are shared by all
  // the test files running at once.
  const t = await createTestApp({ MYSQL_POOL_SIZE: '4', ...env });
  const resolved = t.app.get<ResolvedCacheOptions>(CACHE_OPTIONS);
  Object.assign(resolved, options);
  const registry = t.app.get<Registry>(METRICS_REGISTRY);
  const dataSource = t.app.get(DataSource);
  return {
    ...t,
    users: t.app.get(UserAuthInfoRepository),
    probe: t.app.get(CacheProbe),
    options: resolved,
    dataSource,
    async counter(name, labels) {
      const metric = registry.getSingleMetric(name) as Counter | undefined;
      const values = (await metric?.get())?.values ?? [];
      const found = values.find((value) =>
        Object.entries(labels).every(([label, wanted]) => value.labels[label] === wanted),
      );
      return found?.value ?? 0;
    },
    userKeys: (userId) => cacheKeys(USER_PREFIX, [userId]),
    async mysqlLevel(userId) {
      const rows = await dataSource.query<{ user_level: number }[]>(
        'SELECT user_level FROM t_user_auth_info WHERE user_id = ?',
        [userId],
      );
      return rows.length ? rows[0].user_level : null;
    },
  };
}
