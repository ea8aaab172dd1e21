import type { Connection } from 'mysql2/promise';
import { CacheError } from '../cache.errors.js';

/** A setting of the MySQL server or user that keeps `CACHE_CDC=binlog` from working. */
export class BinlogSettingError extends CacheError {
  override readonly name = 'BinlogSettingError';
  override readonly code = 'CACHE_CDC_SETTING';
}

interface Settings {
  logBin: number | string;
  format: string;
  rowImage: string;
}

const REPLICATION_SLAVE = /\bREPLICATION SLAVE\b(?! ADMIN)/;
/** MariaDB ≥ 10.5 shows REPLICATION CLIENT as BINLOG MONITOR. */
const REPLICATION_CLIENT = /\bREPLICATION CLIENT\b|\bBINLOG MONITOR\b/;

/**
 * The server settings the binlog stream relies on, checked at start-up: each problem is one
 * line naming the server, the setting and the fix (docs/consistency.md, "Start-up checks").
 * `where` names the server (`MySQL host:port`); nothing of the connection's password is used.
 */
export async function checkBinlogSettings(connection: Connection, where: string): Promise<void> {
  const [rows] = await connection.query(
    'SELECT @@GLOBAL.log_bin AS logBin, @@GLOBAL.binlog_format AS format, ' +
      '@@GLOBAL.binlog_row_image AS rowImage',
  );
  const settings = (rows as Settings[])[0];
  const fail = (problem: string, fix: string) => {
    throw new BinlogSettingError(`CACHE_CDC=binlog: ${problem}; ${fix}, or set CACHE_CDC=off`);
  };
  if (!isOn(settings.logBin)) {
    fail(
      `${where} has log_bin OFF (no binary log)`,
      'start it with log_bin and binlog_format=ROW ' +
        '(my.cnf [mysqld], or --log-bin --binlog-format=ROW)',
    );
  }
  if (settings.format.toUpperCase() !== 'ROW') {
    fail(
      `${where} has binlog_format=${settings.format}, not ROW`,
      'set binlog_format=ROW in my.cnf [mysqld] ' +
        '(SET GLOBAL binlog_format=ROW reaches new sessions only)',
    );
  }
  if (settings.rowImage.toUpperCase() === 'MINIMAL') {
    fail(
      `${where} has binlog_row_image=MINIMAL (row images may lack the cache key columns)`,
      'set binlog_row_image=FULL',
    );
  }
  const missing = await missingPrivileges(connection);
  if (missing.length) {
    const [[user]] = (await connection.query('SELECT CURRENT_USER() AS user')) as unknown as [
      { user: string }[],
    ];
    fail(
      `the user ${user.user} lacks ${missing.join(' and ')} on ${where}`,
      `GRANT ${missing.join(', ')} ON *.* TO ${quoteAccount(user.user)}`,
    );
  }
}

async function missingPrivileges(connection: Connection): Promise<string[]> {
  const [rows] = await connection.query('SHOW GRANTS FOR CURRENT_USER()');
  const global = (rows as Record<string, string>[])
    .map((row) => Object.values(row)[0])
    .filter((grant) => / ON \*\.\* TO /.test(grant))
    .map((grant) => grant.slice(0, grant.indexOf(' ON *.* TO ')).toUpperCase());
  if (global.some((grant) => grant.includes('ALL PRIVILEGES'))) return [];
  const missing: string[] = [];
  if (!global.some((grant) => REPLICATION_SLAVE.test(grant))) missing.push('REPLICATION SLAVE');
  if (!global.some((grant) => REPLICATION_CLIENT.test(grant))) missing.push('REPLICATION CLIENT');
  return missing;
}

function isOn(value: number | string): boolean {
  return value === 1 || value === '1' || String(value).toUpperCase() === 'ON';
}

function quoteAccount(account: string): string {
  const at = account.lastIndexOf('@');
  return `'${account.slice(0, at)}'@'${account.slice(at + 1)}'`;
}
