import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { DataSource, In, Like } from 'typeorm';
import { Cacheable, type CacheEntityConfig, CacheMisuseError } from '../../src/cache/index.js';
import { cacheKeys } from '../../src/cache/testing.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';
import { RedisModule } from '../../src/redis/redis.module.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { METRICS_REGISTRY } from '../../src/metrics/metrics.constants.js';
import type { Counter, Registry } from 'prom-client';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { dropDatabase, testConfig } from '../support/test-env.js';
import { demoCacheModule } from './support/demo-cache-module.js';

/** Queries that break seed 002's rules: partial columns, not by the whole unique key. */
@Injectable()
class MisusingQueries {
  constructor(private readonly dataSource: DataSource) {}

  @Cacheable<[userId: string]>({
    entity: UserAuthInfo,
    key: (userId) => ({ userId }),
    select: () => ['userId', 'userLevel'],
  })
  levelOf(userId: string): Promise<UserAuthInfo | null> {
    return this.dataSource
      .getRepository(UserAuthInfo)
      .findOne({ select: { userId: true, userLevel: true }, where: { userId } });
  }

  /** Selects some columns without saying so: caught on the loaded row. */
  @Cacheable<[userId: string]>({ entity: UserAuthInfo, key: (userId) => ({ userId }) })
  quietlyPartial(userId: string): Promise<UserAuthInfo | null> {
    return this.dataSource
      .getRepository(UserAuthInfo)
      .findOne({ select: { userId: true, userLevel: true }, where: { userId } });
  }

  /** Whatever the caller passes as the key value, straight into TypeORM's `where`. */
  @Cacheable<[userId: unknown]>({ entity: UserAuthInfo, key: (userId) => ({ userId }) })
  byUserId(userId: unknown): Promise<UserAuthInfo | null> {
    return this.dataSource
      .getRepository(UserAuthInfo)
      .findOne({ where: { userId: userId as string } });
  }

  @Cacheable<[nickname: string]>({ entity: UserAuthInfo, key: (nickname) => ({ nickname }) })
  byNickname(nickname: string): Promise<UserAuthInfo | null> {
    return this.dataSource.getRepository(UserAuthInfo).findOne({ where: { nickname } });
  }
}

function entityConfig(poThrows: boolean): CacheEntityConfig {
  return {
    entity: UserAuthInfo,
    entityName: 'UserAuthInfo',
    keyPrefix: 'SYSTEM_Person',
    keyProperties: ['userId'],
    ttlMs: 60_000,
    poThrows,
    source: 'misuse.e2e-spec.ts',
  };
}

async function createApp(poThrows: boolean) {
  const config = testConfig();
  const moduleRef = await Test.createTestingModule({
    imports: [
      DatabaseModule.forRoot(config.mysql),
      RedisModule.forRoot(config.redis),
      MetricsModule,
      demoCacheModule({ entities: [entityConfig(poThrows)] }),
    ],
    providers: [MisusingQueries],
  }).compile();
  const app: INestApplication = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await app
    .get(DataSource)
    .getRepository(UserAuthInfo)
    .insert({ userId: 'misuse', userLevel: 4, nickname: 'nick' });
  const registry = app.get<Registry>(METRICS_REGISTRY);
  return {
    dataSource: app.get(DataSource),
    async unkeyedWrites(): Promise<number> {
      const metric = registry.getSingleMetric('cache_unkeyed_writes_total') as Counter;
      return (await metric.get()).values.reduce((sum, value) => sum + value.value, 0);
    },
    queries: app.get(MisusingQueries),
    redis: app.get<Redis>(REDIS_CLIENT),
    async close() {
      await app.get<Redis>(REDIS_CLIENT).del(cacheKeys('SYSTEM_Person', ['misuse']).row);
      await app.close();
      await dropDatabase(config);
    },
  };
}

describe('7. partial rows and queries not by the unique key', () => {
  const rowKey = cacheKeys('SYSTEM_Person', ['misuse']).row;

  describe.each([true, false])(
    '10. key values that cannot name one row (po-throws="%s")',
    (poThrows) => {
      let t: Awaited<ReturnType<typeof createApp>>;
      beforeAll(async () => (t = await createApp(poThrows)));
      afterAll(() => t.close());

      it.each([
        ['a TypeORM operator', Like('mis%'), /key userId is a FindOperator/],
        ['another operator', In(['misuse']), /key userId is a FindOperator/],
        ['an object', { toString: () => 'misuse' }, /key userId is an object/],
        ['an array', ['misuse'], /key userId is an array/],
        ['NaN', Number.NaN, /key userId is NaN/],
        ['a boolean', true, /key userId is a boolean/],
      ])('%s is always a CacheMisuseError', async (_what, value, message) => {
        await expect(t.queries.byUserId(value)).rejects.toThrow(CacheMisuseError);
        await expect(t.queries.byUserId(value)).rejects.toThrow(message);
        for (const stringified of ['[object Object]', 'misuse', 'mis%', 'NaN', 'true']) {
          expect(await t.redis.exists(cacheKeys('SYSTEM_Person', [stringified]).row)).toBe(0);
        }
      });

      it('a plain string is a key, and fills', async () => {
        expect(await t.queries.byUserId('misuse')).toMatchObject({ userLevel: 4 });
        expect(await t.redis.exists(rowKey)).toBe(1);
      });
    },
  );

  describe('po-throws="true": misuse is an error', () => {
    let t: Awaited<ReturnType<typeof createApp>>;
    beforeAll(async () => (t = await createApp(true)));
    afterAll(() => t.close());

    it('refuses a query that selects only some columns', async () => {
      await expect(t.queries.levelOf('misuse')).rejects.toThrow(CacheMisuseError);
      await expect(t.queries.levelOf('misuse')).rejects.toThrow(/selects only some columns/);
    });

    it('refuses a method found returning a partial row, and caches nothing', async () => {
      await expect(t.queries.quietlyPartial('misuse')).rejects.toThrow(
        /returned a partial row \(without id, nickname, version, updatedAt\)/,
      );
      expect(await t.redis.exists(rowKey)).toBe(0);
    });

    it('refuses a query that does not supply every key property', async () => {
      await expect(t.queries.byNickname('nick')).rejects.toThrow(
        /does not supply the key properties userId/,
      );
    });
  });

  describe('po-throws="false": a warning, and MySQL without the cache', () => {
    let t: Awaited<ReturnType<typeof createApp>>;
    beforeAll(async () => (t = await createApp(false)));
    afterAll(() => t.close());

    it('answers partial queries from MySQL and never fills', async () => {
      expect(await t.queries.levelOf('misuse')).toEqual({ userId: 'misuse', userLevel: 4 });
      expect(await t.queries.quietlyPartial('misuse')).toEqual({
        userId: 'misuse',
        userLevel: 4,
      });
      expect(await t.queries.quietlyPartial('misuse')).toEqual({
        userId: 'misuse',
        userLevel: 4,
      });
      expect(await t.redis.exists(rowKey)).toBe(0);
    });

    it('runs a write whose rows cannot be known, with a count (ordinary TypeORM writes)', async () => {
      const before = await t.unkeyedWrites();
      await t.dataSource
        .createQueryBuilder()
        .update(UserAuthInfo)
        .set({ version: () => 'version + 1' })
        .execute(); // every row: not followed
      expect(await t.unkeyedWrites()).toBe(before + 1);
      const [row] = await t.dataSource.query<{ version: number }[]>(
        "SELECT version FROM t_user_auth_info WHERE user_id = 'misuse'",
      );
      expect(row.version).toBe(2);
    });

    it('answers a query by another column from MySQL', async () => {
      expect(await t.queries.byNickname('nick')).toMatchObject({ userId: 'misuse' });
      expect(await t.redis.exists(rowKey)).toBe(0);
    });
  });
});
