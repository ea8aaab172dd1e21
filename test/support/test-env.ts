import { randomBytes } from 'node:crypto';
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
