import { Logger } from '@nestjs/common';
import type { AfterQueryEvent, DataSource, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/** How long a write's final invalidation is remembered for the stream: older ones are replayed. */
const REMEMBER_MS = 60_000;
const REMEMBER_MAX = 100_000;
/**
 * A write still ending after this long never will (its COMMIT or ROLLBACK failed with the
 * connection, so no end was reported): it is no longer waited for.
 */
const ENDING_GIVEN_UP_MS = 60_000;

/** A write between its COMMIT and the end of its write-end (`OwnWrites.committing`). */
export interface OwnWriteEnding {
  /** More rows of the same write (an autocommit statement's rows come one event at a time). */
  add(rows: readonly string[]): void;
  /** `gtid`: the commit's, when the strategy's write-end was final; undefined otherwise. */
  done(gtid: string | undefined): void;
}

interface Ending extends OwnWriteEnding {
  readonly finished: Promise<void>;
  readonly since: number;
}

interface Remembered {
  readonly at: number;
  readonly rows: readonly string[];
}

/**
 * The app's own writes, as change data capture needs them (docs/consistency.md, "The app's own
 * writes"): which rows of which binlog transactions this process has already invalidated. A row
 * is remembered under a GTID once a final write-end (`CacheStrategy.endWrite` resolved true) ran
 * on it after MySQL acknowledged that GTID's commit to this process, so after InnoDB committed
 * it: the stream's own invalidation of that row would change nothing, and is skipped. The GTID
 * comes with the commit's OK packet (MariaDB's session tracking of `last_gtid`), so this costs
 * no round trip; off until the binlog stream enables it.
 */
export class OwnWrites implements EntitySubscriberInterface {
  private readonly logger = new Logger('CacheCdc');
  private tracking: string | undefined;
  private readonly tracked = new WeakSet<object>();
  private readonly gtids = new WeakMap<QueryRunner, string>();
  private readonly ending = new Map<string, Set<Ending>>();
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly dataSource: DataSource) {}

  get enabled(): boolean {
    return this.tracking !== undefined;
  }

  /** `statement`: the SQL that makes the server report each commit's GTID in its OK packet. */
  enable(statement: string): void {
    if (this.tracking) return;
    this.tracking = statement;
    this.dataSource.subscribers.push(this);
  }

  /** Turns GTID reporting on for the query runner's connection, once per connection. */
  track(queryRunner: QueryRunner): Promise<void> | undefined {
    if (!this.tracking) return undefined;
    const connection = (queryRunner as { databaseConnection?: RawConnection }).databaseConnection;
    if (!connection || this.tracked.has(connection)) return undefined;
    this.tracked.add(connection);
    return connection
      .promise()
      .query(this.tracking)
      .then(
        () => undefined,
        (error: Error) => {
          this.tracked.delete(connection);
          this.logger.warn(`reporting commit GTIDs failed: ${error.message}`);
        },
      );
  }

  /** TypeORM's event of every query: keeps the GTID its OK packet reported, if any. */
  afterQuery({ queryRunner, rawResults }: AfterQueryEvent): void {
    const gtid = (rawResults as TrackedResult | undefined)?.stateChanges?.systemVariables
      ?.last_gtid;
    if (gtid) this.gtids.set(queryRunner, gtid);
    else this.gtids.delete(queryRunner);
  }

  /** The GTID of the last query on `queryRunner` (a COMMIT, or an autocommit statement). */
  lastGtid(queryRunner: QueryRunner): string | undefined {
    return this.gtids.get(queryRunner);
  }

  /** Before the COMMIT (or autocommit statement) of a write of `rows`; undefined when off. */
  committing(rows: readonly string[]): OwnWriteEnding | undefined {
    if (!this.tracking) return undefined;
    const written = new Set<string>();
    let finish!: () => void;
    const ending: Ending = {
      finished: new Promise<void>((resolve) => (finish = resolve)),
      since: Date.now(),
      add: (more) => {
        for (const row of more) {
          if (written.has(row)) continue;
          written.add(row);
          let endings = this.ending.get(row);
          if (!endings) this.ending.set(row, (endings = new Set()));
          endings.add(ending);
        }
      },
      done: (gtid) => {
        for (const row of written) {
          const endings = this.ending.get(row);
          endings?.delete(ending);
          if (endings?.size === 0) this.ending.delete(row);
        }
        if (gtid) this.remember(gtid, [...written]);
        finish();
      },
    };
    ending.add(rows);
    return ending;
  }

  /**
   * The rows of the binlog transaction `gtid` that this process already invalidated. A row that
   * one of this process's writes is committing waits for that write's end first (its event may
   * arrive before its write-end is done), for at most `maxWaitMs`; `waiting` is told first.
   */
  async invalidated(
    gtid: string | undefined,
    rows: readonly string[],
    maxWaitMs: number,
    waiting?: (row: string) => Promise<void>,
  ): Promise<ReadonlySet<string>> {
    if (!gtid || !this.tracking) return EMPTY;
    const waits: Promise<void>[] = [];
    const givenUp = Date.now() - ENDING_GIVEN_UP_MS;
    for (const row of rows) {
      const endings = this.ending.get(row);
      if (!endings) continue;
      const before = waits.length;
      for (const ending of endings) {
        if (ending.since < givenUp) ending.done(undefined);
        else waits.push(ending.finished);
      }
      if (waits.length > before) await waiting?.(row);
    }
    if (waits.length) await settledWithin(waits, maxWaitMs);
    const remembered = this.remembered.get(gtid);
    if (!remembered) return EMPTY;
    this.remembered.delete(gtid);
    return new Set(remembered.rows);
  }

  private remember(gtid: string, rows: readonly string[]): void {
    const now = Date.now();
    this.remembered.set(gtid, { at: now, rows });
    for (const [oldest, { at }] of this.remembered) {
      if (at > now - REMEMBER_MS && this.remembered.size <= REMEMBER_MAX) break;
      this.remembered.delete(oldest);
    }
  }
}

const EMPTY: ReadonlySet<string> = new Set();

interface RawConnection {
  promise(): { query(sql: string): Promise<unknown> };
}

interface TrackedResult {
  stateChanges?: { systemVariables?: { last_gtid?: string } };
}

function settledWithin(waits: Promise<void>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return Promise.race([Promise.all(waits).then(() => undefined), timeout]).finally(() =>
    clearTimeout(timer),
  );
}
