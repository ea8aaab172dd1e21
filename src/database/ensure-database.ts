import { createConnection } from 'mysql2/promise';
import type { MysqlConfig } from '../config/app-config.interface.js';

/** Creates the configured database when it does not exist yet (migrations then fill it). */
export async function ensureDatabase(config: MysqlConfig): Promise<void> {
  const connection = await createConnection({
    host: config.host,
    port: config.port,
    user: config.user,
    password: config.password,
  });
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${config.database}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
  } finally {
    await connection.end();
  }
}
