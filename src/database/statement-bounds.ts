import mysql2 from 'mysql2';

type Mysql2 = typeof mysql2;
type Pooled = mysql2.PoolConnection;
type ConnectionCallback = (error: NodeJS.ErrnoException | null, connection?: Pooled) => void;

/**
 * `MYSQL_QUERY_TIMEOUT_MS`: a server-side bound on every statement and lock wait of the app's
 * sessions, so that a stalled MySQL (a `LOCK TABLES … WRITE`, a long transaction holding rows)
 * fails a request in bounded time instead of holding it (README, "MySQL bounds").
 *
 * Each pooled connection runs one `SET SESSION` before its first use after {@link arm}: the
 * bound then lives in the session, the failed statement is the server's own error, and the
 * connection stays healthy (no client-side abort that would leave a reply in flight). Until
 * armed — while TypeORM connects and runs the migrations — statements are unbounded, so a long
 * migration is never cut off at start-up.
 */
export class StatementBounds {
  private setSession: string | undefined;
  private readonly bounded = new WeakSet<Pooled>();

  constructor(readonly timeoutMs: number) {}

  /**
   * The statement for a server of `version` (`SELECT VERSION()`). MariaDB's
   * `max_statement_time` bounds every statement, waits for row and metadata locks included;
   * MySQL's `max_execution_time` bounds SELECTs only. Both count lock waits in whole seconds.
   */
  static setSessionFor(version: string, timeoutMs: number): string {
    const lockWaitSeconds = Math.max(1, Math.ceil(timeoutMs / 1000));
    const statementTime = /mariadb/i.test(version)
      ? `max_statement_time = ${timeoutMs / 1000}`
      : `max_execution_time = ${timeoutMs}`;
    return (
      `SET SESSION ${statementTime}, innodb_lock_wait_timeout = ${lockWaitSeconds}, ` +
      `lock_wait_timeout = ${lockWaitSeconds}`
    );
  }

  /** From now on every connection handed out is bounded first. */
  arm(serverVersion: string): void {
    this.setSession = StatementBounds.setSessionFor(serverVersion, this.timeoutMs);
  }

  /**
   * mysql2, with `getConnection` of each pool and pool cluster it creates bounding the
   * connection before handing it out (TypeORM's `driver` option).
   */
  driver(): Mysql2 {
    return {
      ...mysql2,
      createPool: (options: mysql2.PoolOptions) => this.wrap(mysql2.createPool(options)),
      createPoolCluster: (options?: mysql2.PoolClusterOptions) =>
        this.wrap(mysql2.createPoolCluster(options)),
    } as Mysql2;
  }

  private wrap<T extends { getConnection: (...args: never[]) => void }>(pool: T): T {
    const getConnection = pool.getConnection.bind(pool) as (...args: unknown[]) => void;
    (pool as { getConnection: unknown }).getConnection = (...args: unknown[]) => {
      const callback = args.pop() as ConnectionCallback;
      getConnection(...args, (error: NodeJS.ErrnoException | null, connection?: Pooled) => {
        if (error || !connection) return callback(error);
        this.bound(connection, callback);
      });
    };
    return pool;
  }

  private bound(connection: Pooled, callback: ConnectionCallback): void {
    const statement = this.setSession;
    if (statement === undefined || this.bounded.has(connection)) return callback(null, connection);
    connection.query(statement, (error) => {
      if (error) {
        // Not handed out unbounded: the connection is dropped and the caller gets the error.
        connection.destroy();
        return callback(error);
      }
      this.bounded.add(connection);
      callback(null, connection);
    });
  }
}
