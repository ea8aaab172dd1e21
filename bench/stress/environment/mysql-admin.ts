import { createPool, type Connection, type Pool, type RowDataPacket } from 'mysql2/promise';
import {
  connectMysql,
  dropDatabase,
  mysqlServerFromEnv,
  type MysqlServer,
} from '../../../support/mysql-server.js';

/** The tool's own view of MySQL (the server of the same environment as the apps). */
export class MysqlAdmin {
  constructor(
    readonly database: string,
    /** The apps' primary: the environment's server unless the tool started its own. */
    private readonly server: MysqlServer = mysqlServerFromEnv(),
  ) {}

  connect(): Promise<Connection> {
    return connectMysql(this.server, this.database);
  }

  /** A pool of the tool's own on the apps' database (the caller ends it). */
  pool(connections: number): Pool {
    const { host, port, user, password } = this.server;
    return createPool({
      host,
      port,
      user,
      password,
      database: this.database,
      connectionLimit: connections,
    });
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
    return dropDatabase(this.server, this.database);
  }
}
