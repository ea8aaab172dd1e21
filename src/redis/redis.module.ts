import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { RedisConfig } from '../config/app-config.interface.js';
import { createRedisClient, type RedisClient } from './create-redis-client.js';
import { REDIS_CLIENT } from './redis.constants.js';

const STARTUP_WAIT_MS = 3000;

function waitUntilReady(client: RedisClient, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      new Logger('Redis').warn(`not ready after ${timeoutMs} ms; starting without it`);
      resolve();
    }, timeoutMs);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  private readonly logger = new Logger(RedisModule.name);

  constructor(@Inject(REDIS_CLIENT) private readonly client: RedisClient) {}

  static forRoot(config: RedisConfig): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: async (): Promise<RedisClient> => {
            const client = createRedisClient(config);
            client.on('error', (error: Error) =>
              new Logger('Redis').warn(`connection error: ${error.message}`),
            );
            // Give the first connection a moment; an app that starts while Redis is down still
            // serves from MySQL (and /health says so) and the client keeps reconnecting.
            await waitUntilReady(client, STARTUP_WAIT_MS);
            return client;
          },
        },
      ],
      exports: [REDIS_CLIENT],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    try {
      await this.client.quit();
    } catch (error) {
      this.logger.warn(`quit failed, disconnecting: ${(error as Error).message}`);
      this.client.disconnect();
    }
  }
}
