import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { REPOSITORY_ROOT } from './repository-root.js';

/** Where a tool or test finds the MySQL server the apps use (no database chosen). */
export interface MysqlServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

/**
 * The server the app would use with environment `env`: the `MYSQL_*` variables, each falling
 * back to its value in config/default.env (the app's own defaults), so tools that start the app
 * and then check MySQL behind it look at the same server.
 */
export function mysqlServerFromEnv(env: NodeJS.ProcessEnv = process.env): MysqlServer {
  const defaults = parseEnv(readFileSync(join(REPOSITORY_ROOT, 'config/default.env'), 'utf8'));
  const read = (name: string) => (env[name] || defaults[name]) ?? '';
  return {
    host: read('MYSQL_HOST'),
    port: Number(read('MYSQL_PORT')),
    user: read('MYSQL_USER'),
    password: env.MYSQL_PASSWORD ?? defaults.MYSQL_PASSWORD ?? '',
  };
}

/** A connection to `server`, on `database` when given. */
export function connectMysql(server: MysqlServer, database?: string): Promise<Connection> {
  const { host, port, user, password } = server;
  return createConnection({ host, port, user, password, database });
}

export async function dropDatabase(server: MysqlServer, database: string): Promise<void> {
  const connection = await connectMysql(server);
  try {
    await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
  } finally {
    await connection.end();
  }
}
