import { Logger } from '@nestjs/common';
import { Cluster, Redis } from 'ioredis';
import type { LockModuleOptions } from './lock.module-definition.js';
import type { RedisLike } from './lock-scripts.js';
import { redactUrl } from './redact.js';

const STARTUP_WAIT_MS = 3000;
const DEFAULT_URL = 'redis://127.0.0.1:6379';

/**
 * One client per master, or one Cluster client. No offline queue and no retries per request:
 * a node that is down fails its part of an attempt at once instead of holding it until the
 * per-node timeout, and the quorum decides. The client keeps reconnecting in the background.
 * Logs name a node by its redacted URL (`redis://***@host:port`), never its password.
 */
export async function createLockClients(options: LockModuleOptions): Promise<RedisLike[]> {
  const logger = new Logger('LockRedis');
  const perRequest = {
    keyPrefix: options.keyPrefix ?? '',
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
  };
  const retryStrategy = (attempt: number): number => Math.min(50 * 2 ** attempt, 1000);
  let clients: { client: RedisLike; name: string }[];
  if (options.clusterNodes?.length) {
    const name = `cluster(${options.clusterNodes.map((n) => `${n.host}:${n.port}`).join(',')})`;
    const client = new Cluster(options.clusterNodes, {
      ...perRequest,
      clusterRetryStrategy: retryStrategy,
      redisOptions: { connectTimeout: 2000, ...options.redisOptions },
      ...options.clusterOptions,
    });
    clients = [{ client, name }];
  } else {
    clients = (options.redisUrls?.length ? options.redisUrls : [DEFAULT_URL]).map((url) => ({
      name: redactUrl(url),
      client: new Redis(url, {
        ...perRequest,
        connectTimeout: 2000,
        retryStrategy,
        ...options.redisOptions,
      }),
    }));
  }
  for (const { client, name } of clients) {
    client.on('error', (error: Error) => logger.warn(`${name}: ${redactMessage(error.message)}`));
  }
  await Promise.all(clients.map(({ client, name }) => waitUntilReady(client, name, logger)));
  return clients.map(({ client }) => client);
}

/** An error message with any URL in it redacted (ioredis does not print passwords, but a URL may). */
function redactMessage(message: string): string {
  return message.replace(/rediss?:\/\/\S+/g, (url) => redactUrl(url));
}

function waitUntilReady(client: RedisLike, name: string, logger: Logger): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn(`${name} not ready; starting without it`);
      resolve();
    }, STARTUP_WAIT_MS);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function closeLockClients(clients: readonly RedisLike[]): Promise<void> {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}
