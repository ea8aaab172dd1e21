import type { Counter, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import {
  CACHE_OPTIONS,
  cacheKeys,
  type CacheKeys,
  CACHE_PROBE,
  type CacheProbe,
  type ResolvedCacheOptions,
} from '../../../src/cache/testing.js';
import { METRICS_REGISTRY } from '../../../src/metrics/metrics.constants.js';
import { InventoryRepository } from '../../../src/inventory/inventory.repository.js';
import type { UserAuthInfo } from '../../../src/users/user-auth-info.entity.js';
import { UserAuthInfoRepository } from '../../../src/users/user-auth-info.repository.js';
import { UsersService } from '../../../src/users/users.service.js';
import { createTestApp, type TestApp } from '../../support/test-app.js';
import { useTransactionHostOf } from '../../../support/use-transaction-host.js';

export const USER_PREFIX = 'SYSTEM_Person';
export const GOODS_PREFIX = 'SYSTEM_Inventory';

/** The demo's user calls as the cache tests make them: the repository, and the service's update. */
export interface TestUsers {
  findByUserId: UserAuthInfoRepository['findByUserId'];
  insert: UserAuthInfoRepository['insert'];
  delete: UserAuthInfoRepository['delete'];
  /** `PUT /users/:userId`: a read-modify-write in one transaction. */
  update(
    userId: string,
    patch: Partial<Pick<UserAuthInfo, 'userLevel' | 'nickname'>>,
  ): Promise<UserAuthInfo>;
}

/** The full app plus what cache tests reach for: repository, probe, options, counters, SQL. */
export interface CacheTestApp extends TestApp {
  users: TestUsers;
  repository: UserAuthInfoRepository;
  /** The demo's inventory: `setNumber` is a blind write (no read before it in the transaction). */
  inventory: InventoryRepository;
  probe: CacheProbe;
  options: ResolvedCacheOptions;
  dataSource: DataSource;
  counter(name: string, labels: Record<string, string>): Promise<number>;
  userKeys(userId: string): CacheKeys;
  goodsKeys(goodsId: number): CacheKeys;
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
  const repository = t.app.get(UserAuthInfoRepository);
  const service = t.app.get(UsersService);
  return {
    ...t,
    users: {
      findByUserId: (userId, conditions) => repository.findByUserId(userId, conditions),
      insert: (row) => repository.insert(row),
      delete: (userId) => repository.delete(userId),
      update: (userId, patch) => {
        useTransactionHostOf(t.app);
        return service.update(userId, patch);
      },
    },
    repository,
    inventory: t.app.get(InventoryRepository),
    probe: t.app.get<CacheProbe>(CACHE_PROBE),
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
    goodsKeys: (goodsId) => cacheKeys(GOODS_PREFIX, [goodsId]),
    async mysqlLevel(userId) {
      const rows = await dataSource.query<{ user_level: number }[]>(
        'SELECT user_level FROM t_user_auth_info WHERE user_id = ?',
        [userId],
      );
      return rows.length ? rows[0].user_level : null;
    },
  };
}

/**
 * Another app instance on `first`'s MySQL database and Redis keys, with pools, writer and
 * single flights of its own, as a second process would have.
 */
export function createSecondInstance(first: CacheTestApp): Promise<CacheTestApp> {
  return createCacheTestApp({
    MYSQL_DATABASE: first.config.mysql.database,
    REDIS_KEY_PREFIX: first.config.redis.keyPrefix,
  });
}
