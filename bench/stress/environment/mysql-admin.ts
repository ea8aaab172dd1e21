import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { loadAppConfig } from '../../../src/config/load-app-config.js';
import { dropDatabase } from '../../../test/support/test-env.js';

/** The tool's own view of MySQL (credentials from the same environment as the apps). */
export class MysqlAdmin {
  constructor(readonly database: string) {}

  private get config() {
    return loadAppConfig({ ...process.env, MYSQL_DATABASE: this.database });
  }

  connect(): Promise<Connection> {
    const { host, port, user, password } = this.config.mysql;
    return createConnection({ host, port, user, password, database: this.database });
  }

  async query<T extends RowDataPacket>(sql: string): Promise<T[]> {
    const connection = await this.connect();
    try {
      const [rows] = await connection.query<T[]>(sql);
      return rows;
    } finally {
      await connection.end();
    }
  }

  drop(): Promise<void> {
    return dropDatabase(this.config);
  }
}
