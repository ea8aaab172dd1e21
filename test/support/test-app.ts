import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Redis } from 'ioredis';
import { AppModule } from '../../src/app.module.js';
import { setupApp } from '../../src/app.setup.js';
import type { AppConfig } from '../../src/config/app-config.interface.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { dropDatabase, testConfig } from './test-env.js';

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
        await deleteKeys(config);
        await dropDatabase(config);
      }
    },
  };
}

/** Deletes the run's keys through a client of its own (the app's may be closed by then). */
async function deleteKeys(config: AppConfig): Promise<void> {
  const prefix = config.redis.keyPrefix;
  if (!prefix) return;
  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 1 });
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } catch {
    // The test's own Redis may be gone (fault tests stop it); nothing is left to delete there.
  } finally {
    redis.disconnect();
  }
}
