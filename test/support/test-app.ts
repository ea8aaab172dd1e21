import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { Redis } from 'ioredis';
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
        await deleteKeys(redis, config.redis.keyPrefix);
        await app.close();
      } finally {
        await dropDatabase(config);
      }
    },
  };
}

async function deleteKeys(redis: Redis, prefix: string): Promise<void> {
  if (!prefix) return;
  // SCAN's MATCH sees full key names; DEL goes through the client, which adds the prefix again.
  const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
  for await (const keys of stream as AsyncIterable<string[]>) {
    if (keys.length) await redis.del(...keys.map((key) => key.slice(prefix.length)));
  }
}
