import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import type { AppConfig } from '../../src/config/app-config.interface.js';
import { loadAppConfig } from '../../src/config/load-app-config.js';

/** A name no other test run uses: `<label>_<time>_<random>`. */
export function uniqueName(label: string): string {
  return `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/**
 * The app's configuration for one test: the machine's MySQL and Redis, but a database and a
 * Redis key prefix of the test's own, so runs never collide and nothing shared is flushed.
 */
export function testConfig(env: Record<string, string> = {}): AppConfig {
  const name = uniqueName('cc_test');
  return loadAppConfig({
    ...process.env,
    MYSQL_DATABASE: name,
    REDIS_KEY_PREFIX: `${name}:`,
    LOG_LEVEL: 'warn',
    ...env,
  });
}

export async function dropDatabase(config: AppConfig): Promise<void> {
  const connection = await createConnection({
    host: config.mysql.host,
    port: config.mysql.port,
    user: config.mysql.user,
    password: config.mysql.password,
  });
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${config.mysql.database}\``);
  } finally {
    await connection.end();
  }
}

/**
 * Deletes every key under `prefix` through a client of its own, with SCAN (never KEYS: the
 * Redis may be the shared one). A Redis that is gone (fault tests stop theirs) has nothing left.
 */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  if (!prefix) return;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } catch {
    // Nothing to delete on a server that is no longer there.
  } finally {
    redis.disconnect();
  }
}
