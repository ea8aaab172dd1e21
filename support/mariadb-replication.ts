import type { Connection } from 'mysql2/promise';
import { MariadbServer } from './mariadb-server.js';

const CATCH_UP_TIMEOUT_S = 30;

/**
 * A primary and one replica of a test's or stress run's own (two `mariadbd` on free ports, ROW
 * binlog, GTID replication from the primary's first event). Never the shared server.
 */
export class MariadbReplication {
  private constructor(
    readonly primary: MariadbServer,
    readonly replica: MariadbServer,
  ) {}

  static async start(): Promise<MariadbReplication> {
    // One after the other: two mariadb-install-db at once may trip over each other's
    // temporary tables.
    const primary = await MariadbServer.start({ serverId: 1 });
    const replica = await MariadbServer.start({
      serverId: 2,
      extraArgs: ['--relay-log=relay'],
    }).catch(async (error: unknown) => {
      await primary.stop();
      throw error;
    });
    const pair = new MariadbReplication(primary, replica);
    try {
      await pair.onReplica((connection) =>
        connection.query(
          `CHANGE MASTER TO MASTER_HOST='127.0.0.1', MASTER_PORT=${primary.port}, ` +
            `MASTER_USER='root', MASTER_PASSWORD='', MASTER_USE_GTID=slave_pos, ` +
            `MASTER_CONNECT_RETRY=1`,
        ),
      );
      await pair.onReplica((connection) => connection.query('START SLAVE'));
      await pair.caughtUp();
    } catch (error) {
      await pair.stop();
      throw error;
    }
    return pair;
  }

  /** `MYSQL_REPLICA_HOSTS` for this pair. */
  get replicaHosts(): string {
    return `${this.replica.host}:${this.replica.port}`;
  }

  /**
   * Resolves once the replica has applied everything the primary has committed so far
   * (`MASTER_GTID_WAIT` on the primary's `gtid_binlog_pos`): no polling, no sleeps.
   */
  async caughtUp(): Promise<void> {
    const position = await this.onPrimary(async (connection) => {
      const [rows] = await connection.query('SELECT @@GLOBAL.gtid_binlog_pos AS position');
      return (rows as { position: string }[])[0].position;
    });
    const waited = await this.onReplica(async (connection) => {
      const [rows] = await connection.query('SELECT MASTER_GTID_WAIT(?, ?) AS waited', [
        position,
        CATCH_UP_TIMEOUT_S,
      ]);
      return Number((rows as { waited: number }[])[0].waited);
    });
    if (waited !== 0)
      throw new Error(`replica did not reach ${position} in ${CATCH_UP_TIMEOUT_S} s`);
  }

  /** `STOP SLAVE SQL_THREAD`: the replica keeps receiving the binlog but applies nothing. */
  async pauseApplying(): Promise<void> {
    await this.onReplica((connection) => connection.query('STOP SLAVE SQL_THREAD'));
  }

  /** `START SLAVE SQL_THREAD`: the replica applies what it received meanwhile. */
  async resumeApplying(): Promise<void> {
    await this.onReplica((connection) => connection.query('START SLAVE SQL_THREAD'));
  }

  async stop(): Promise<void> {
    await Promise.all([this.replica.stop(), this.primary.stop()]);
  }

  onPrimary<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    return withConnection(this.primary, use);
  }

  onReplica<T>(use: (connection: Connection) => Promise<T>): Promise<T> {
    return withConnection(this.replica, use);
  }
}

async function withConnection<T>(
  server: MariadbServer,
  use: (connection: Connection) => Promise<T>,
): Promise<T> {
  const connection = await server.connect();
  try {
    return await use(connection);
  } finally {
    await connection.end();
  }
}
