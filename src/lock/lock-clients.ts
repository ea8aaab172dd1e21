import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { LockModuleOptions } from './lock.module-definition.js';

const STARTUP_WAIT_MS = 3000;

/**
 * One client per master. No offline queue and no retries per request: a node that is down fails
 * its part of an attempt at once instead of holding it until the per-node timeout, and the
 * quorum decides. The client keeps reconnecting in the background.
 */
export async function createLockClients(options: LockModuleOptions): Promise<Redis[]> {
  const logger = new Logger('LockRedis');
  const clients = options.redisUrls.map((url) =>
    new Redis(url, {
      keyPrefix: options.keyPrefix ?? '',
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 2000,
      retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 1000),
      ...options.redisOptions,
    }).on('error', (error: Error) => logger.warn(`${url}: ${error.message}`)),
  );
  await Promise.all(clients.map((client) => waitUntilReady(client, logger)));
  return clients;
}

function waitUntilReady(client: Redis, logger: Logger): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.warn(`${client.options.host}:${client.options.port} not ready; starting without it`);
      resolve();
    }, STARTUP_WAIT_MS);
    client.once('ready', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export async function closeLockClients(clients: readonly Redis[]): Promise<void> {
  await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
}
