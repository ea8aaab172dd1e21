import type { Connection } from 'mysql2/promise';
import type { BinlogPosition } from './binlog-position.js';

/**
 * Questions about the binlog of the server being tailed, on a control connection of its own,
 * made again after it dropped (the server restarted).
 */
export class BinlogServer {
  private connection: Promise<Connection> | undefined;

  constructor(private readonly connect: () => Promise<Connection>) {}

  async query(sql: string): Promise<unknown> {
    this.connection ??= this.connect().then((connection) => {
      connection.on('error', () => (this.connection = undefined));
      return connection;
    });
    try {
      const [rows] = await (await this.connection).query(sql);
      return rows;
    } catch (error) {
      if ((error as { fatal?: boolean }).fatal || !('errno' in (error as object))) {
        this.connection = undefined;
      }
      throw error;
    }
  }

  /** The control connection, for the start-up checks. */
  control(): Promise<Connection> {
    return this.query('SELECT 1').then(() => this.connection!);
  }

  /** `hostname:port/server_id`: the server a saved position belongs to. */
  async identity(): Promise<string> {
    const rows = await this.query('SELECT @@hostname AS host, @@port AS port, @@server_id AS id');
    const { host, port, id } = (rows as { host: string; port: number; id: number }[])[0];
    return `${host}:${port}/${id}`;
  }

  async isMariadb(): Promise<boolean> {
    const rows = await this.query('SELECT VERSION() AS version');
    return /mariadb/i.test((rows as { version: string }[])[0].version);
  }

  /** The end of the binlog now (`SHOW MASTER STATUS`; `SHOW BINARY LOG STATUS` on MySQL 8.4). */
  async current(): Promise<BinlogPosition> {
    let rows: unknown;
    try {
      rows = await this.query('SHOW MASTER STATUS');
    } catch {
      rows = await this.query('SHOW BINARY LOG STATUS');
    }
    const row = (rows as { File: string; Position: number }[])[0];
    if (!row) throw new Error('the server reports no binlog position (is log_bin on?)');
    return { file: row.File, position: Number(row.Position) };
  }

  /** True while the server still has `at` (its file not purged, the offset within it). */
  async has(at: BinlogPosition): Promise<boolean> {
    const rows = await this.query('SHOW BINARY LOGS');
    const file = (rows as { Log_name: string; File_size: number }[]).find(
      (row) => row.Log_name === at.file,
    );
    return !!file && at.position <= Number(file.File_size);
  }

  async end(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.then((open) => open.end()).catch(() => undefined);
  }
}
