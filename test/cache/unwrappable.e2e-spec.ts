import { Controller, Get, Injectable, Scope, type Provider, type Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Cacheable, CacheEvict } from '../../src/cache/index.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';
import { RedisModule } from '../../src/redis/redis.module.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { dropDatabase, testConfig } from '../support/test-env.js';
import { demoCacheModule } from './support/demo-cache-module.js';

/** Decorated, but no module provides it (declared first: start-up reports it first). */
class NotProvided {
  @Cacheable<[string]>({ entity: UserAuthInfo, key: (userId) => ({ userId }) })
  find(userId: string): Promise<UserAuthInfo | null> {
    return Promise.resolve({ userId } as UserAuthInfo);
  }
}

@Injectable({ scope: Scope.REQUEST })
class RequestScoped {
  @CacheEvict<[string]>({ entity: UserAuthInfo, keys: (userId) => [{ userId }] })
  remove(userId: string): Promise<string> {
    return Promise.resolve(userId);
  }
}

@Controller('decorated')
class DecoratedController {
  @Get()
  @Cacheable<[string]>({ entity: UserAuthInfo, key: (userId) => ({ userId }) })
  find(userId: string): Promise<UserAuthInfo | null> {
    return Promise.resolve({ userId } as UserAuthInfo);
  }
}

/** No silent skips (docs/consistency.md, "Decorate your repository"). */
describe('a decorated method that cannot be wrapped stops start-up', () => {
  const config = testConfig();
  afterAll(() => dropDatabase(config));

  async function start(providers: Provider[], controllers: Type[] = []): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forRoot({ ...config.mysql, poolSize: 2 }),
        RedisModule.forRoot(config.redis),
        MetricsModule,
        demoCacheModule({
          entities: [
            {
              entity: UserAuthInfo,
              entityName: 'UserAuthInfo',
              keyPrefix: 'SYSTEM_Person',
              keyProperties: ['userId'],
              poThrows: true,
              ttlMs: undefined,
              source: 'unwrappable.e2e-spec.ts',
            },
          ],
        }),
      ],
      providers,
      controllers,
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    try {
      await app.init();
    } finally {
      await app.close();
    }
  }

  it.each([
    [
      'a request-scoped provider',
      [RequestScoped, NotProvided],
      [],
      /^RequestScoped\.remove: is on a request-scoped or transient provider/,
    ],
    [
      'a controller',
      [NotProvided],
      [DecoratedController],
      /^DecoratedController\.find: is on a controller, whose routes Nest binds before/,
    ],
    [
      'a class no module provides',
      [],
      [],
      /^NotProvided\.find: is on a class that no module provides/,
    ],
  ] as const)('on %s', async (_where, providers, controllers, message) => {
    await expect(start([...providers], [...controllers])).rejects.toThrow(message);
  });

  it('starts when every decorated class is a singleton provider', async () => {
    await expect(
      start([
        NotProvided,
        DecoratedController, // a provider here, not a controller
        { provide: RequestScoped, useClass: RequestScoped, scope: Scope.DEFAULT },
      ]),
    ).resolves.toBeUndefined();
  });
});
