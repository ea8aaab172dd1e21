import type { AppConfig } from '../../src/config/app-config.interface.js';
import { loadAppConfig } from '../../src/config/load-app-config.js';
import { dropDatabase as dropMysqlDatabase } from '../../support/mysql-server.js';
import { uniqueName } from '../../support/unique-name.js';

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

/** Drops the test's own database (`config.mysql.database`). */
export function dropDatabase(config: AppConfig): Promise<void> {
  return dropMysqlDatabase(config.mysql, config.mysql.database);
}
