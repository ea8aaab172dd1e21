import { Logger } from '@nestjs/common';
import type { Connection } from 'mysql2/promise';
import type { CdcTable, ImageKey } from './cdc-tables.js';

const LOCK_WAIT_TIMEOUT = 1205;
const KEYS_PER_QUERY = 200;

/**
 * Waits until the rows of a transaction whose binlog events arrived are committed in InnoDB.
 * The binlog is written, and sent to its readers, before the storage engine commits: a reader
 * that leased the row after our invalidation could still load the old row in that instant. A
 * locking read (READ COMMITTED: no gap locks) of the rows' keys waits for their writer's row
 * locks, which InnoDB releases at its commit. A lock still held after 1 s belongs to a later
 * writer, whose own events follow: the barrier then gives up. docs/consistency.md, "What it does".
 */
export class CommitBarrier {
  private readonly logger = new Logger('CacheCdc');
  private connection: Promise<Connection> | undefined;

  constructor(private readonly connect: () => Promise<Connection>) {}

  async wait(table: CdcTable, keys: readonly ImageKey[]): Promise<void> {
    for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
      await this.waitForChunk(table, keys.slice(i, i + KEYS_PER_QUERY));
    }
  }

  async close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then((open) => open.end()).catch(() => undefined);
  }

  private async waitForChunk(table: CdcTable, keys: readonly ImageKey[]): Promise<void> {
    const match = table.keyColumns.map((column) => `${quote(column)} = ?`).join(' AND ');
    const sql =
      `SELECT 1 FROM ${quote(table.schema)}.${quote(table.table)} WHERE ` +
      keys.map(() => `(${match})`).join(' OR ') +
      ' LOCK IN SHARE MODE';
    try {
      const connection = await this.open();
      await connection.query(
        sql,
        keys.flatMap((key) => key.values),
      );
    } catch (error) {
      if ((error as { errno?: number }).errno === LOCK_WAIT_TIMEOUT) return;
      this.logger.warn(`commit barrier on ${table.table} failed: ${(error as Error).message}`);
      await this.close();
    }
  }

  private open(): Promise<Connection> {
    this.connection ??= this.connect().then(async (connection) => {
      connection.on('error', () => (this.connection = undefined));
      await connection.query('SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED');
      await connection.query('SET SESSION innodb_lock_wait_timeout = 1');
      return connection;
    });
    this.connection.catch(() => (this.connection = undefined));
    return this.connection;
  }
}

function quote(name: string): string {
  return `\`${name.replace(/`/g, '``')}\``;
}
