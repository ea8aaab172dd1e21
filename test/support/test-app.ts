import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
import { AppModule } from '../../src/app.module.js';
import { setupApp } from '../../src/app.setup.js';
import { createHttpAdapter } from '../../src/common/http-adapter.js';
import type { AppConfig } from '../../src/config/app-config.interface.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { dropDatabase, testConfig } from './test-env.js';

export interface TestApp {
  app: NestFastifyApplication;
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
  const app = setupApp(
    moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(), {
      bodyParser: false,
      logger: ['error'],
    }),
  );
  const removeData = async () => {
    await deleteKeysWithPrefix(config.redis.url, config.redis.keyPrefix);
    await dropDatabase(config);
  };
  try {
    await app.init();
  } catch (error) {
    // Start-up stopped (a failed check): what did start is closed, so the test can go on.
    await app.close().catch(() => undefined);
    await removeData().catch(() => undefined);
    throw error;
  }
  // Fastify loads its plugins on `ready()`; supertest then drives `app.getHttpServer()`.
  await app.getHttpAdapter().getInstance().ready();
  const redis = app.get<Redis>(REDIS_CLIENT);
  return {
    app,
    config,
    redis,
    async close() {
      try {
        await app.close();
      } finally {
        await removeData();
      }
    },
  };
}
