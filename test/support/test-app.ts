import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { AppModule } from '../../src/app.module.js';
import { setupApp } from '../../src/app.setup.js';
import type { AppConfig } from '../../src/config/app-config.interface.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { deleteKeysWithPrefix, dropDatabase, testConfig } from './test-env.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  /** The app's own cache client (keys are relative to the run's prefix). */
  redis: Redis;
  /** Closes the app, deletes the run's Redis keys and drops the run's database. */
  close(): Promise<void>;
}

/** The whole application, as `main.ts` builds it, on a database and key prefix of its own. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const config = testConfig(env);
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot(config)],
  }).compile();
  const app = setupApp(moduleRef.createNestApplication({ bodyParser: false, logger: ['error'] }));
  await app.init();
  const redis = app.get<Redis>(REDIS_CLIENT);
  return {
    app,
    config,
    redis,
    async close() {
      try {
        await app.close();
      } finally {
        await deleteKeysWithPrefix(config.redis.url, config.redis.keyPrefix);
        await dropDatabase(config);
      }
    },
  };
}
