import { Logger } from '@nestjs/common';
import type { AnyBinlogEvent, RowsEvent, UpdateRowData } from '@vlasky/zongji';
import type { BinlogPosition } from './binlog-position.js';
import type { CdcTable, CdcTables, ImageKey, RowImage } from './cdc-tables.js';

/** One committed transaction of the binlog, as far as the cache is concerned. */
export interface CommittedChange {
  /** The cached rows it wrote (before and after images), by table, by row key. */
  readonly rows: Map<CdcTable, Map<string, ImageKey>>;
  /** Tables a statement rewrote without row events (TRUNCATE, ALTER, DROP…): every row. */
  readonly rewritten: Set<CdcTable>;
  /** Row images seen, by table (cache_cdc_events_total). */
  readonly rowCounts: Map<CdcTable, number>;
  /** Its GTID (`domain-server-seq` on MariaDB, `uuid:n` on MySQL), when the binlog has one. */
  readonly gtid: string | undefined;
  /** Where to resume once this change is invalidated. */
  readonly resume: BinlogPosition;
  /** The commit's binlog timestamp (ms, but whole seconds). */
  readonly committedAtMs: number;
  /** When its commit event reached this process (Date.now()). */
  readonly receivedAtMs: number;
}

const ROW_EVENTS = new Set(['writerows', 'updaterows', 'deleterows']);
const REWRITES = /^\s*(?:TRUNCATE|DROP|ALTER|RENAME|CREATE\s+OR\s+REPLACE)\b/i;

/**
 * Groups the binlog's row events into transactions and hands each one on at its end: the XID
 * event (InnoDB), a `COMMIT`/`ROLLBACK` query (non-transactional tables, whose changes stand even
 * when the rest rolled back) or any other statement. Row events outside a group are handed on
 * at the next boundary too: invalidating more than needed is always safe.
 */
export class BinlogTransactions {
  private readonly logger = new Logger('CacheCdc');
  private pending: CommittedChange | undefined;
  private resume: BinlogPosition | undefined;
  /** The GTID event that opened the current transaction. */
  private gtid: string | undefined;
  private readonly warned = new Set<string>();

  constructor(
    private readonly tables: CdcTables,
    private readonly emit: (change: CommittedChange) => void,
  ) {}

  /** `resume`: where to resume after `event` (zongji moves it at transaction ends only). */
  handle(event: AnyBinlogEvent, resume: BinlogPosition): void {
    this.resume = resume;
    const name = event.getEventName();
    if (ROW_EVENTS.has(name)) this.addRows(event as RowsEvent & { rows: unknown[] }, name);
    else if (name === 'xid') this.end(event.timestamp);
    else if (name === 'query') this.statement(event as AnyBinlogEvent & { query: string });
    else if (name === 'mariadbgtid' || name === 'gtid') this.begin(event);
  }

  private addRows(event: RowsEvent & { rows: unknown[] }, name: string): void {
    const entry = event.tableMap[event.tableId];
    const table = entry && this.tables.find(entry.parentSchema, entry.tableName);
    if (!table) return;
    const change = (this.pending ??= this.newChange(event.timestamp));
    const keys = change.rows.get(table) ?? new Map<string, ImageKey>();
    change.rows.set(table, keys);
    change.rowCounts.set(table, (change.rowCounts.get(table) ?? 0) + event.rows.length);
    for (const row of event.rows) {
      const images =
        name === 'updaterows'
          ? [(row as UpdateRowData).before, (row as UpdateRowData).after]
          : [row as RowImage];
      for (const image of images) this.addImage(table, image, keys);
    }
  }

  private addImage(table: CdcTable, image: RowImage, keys: Map<string, ImageKey>): void {
    const key = this.tables.keyOf(table, image);
    if ('invalid' in key) {
      const warning = `${table.table}: ${key.invalid}`;
      if (!this.warned.has(warning)) {
        this.warned.add(warning);
        this.logger.warn(`a binlog row of ${warning}; no cached row to invalidate`);
      }
      return;
    }
    keys.set(key.keys.row, key);
  }

  private statement(event: AnyBinlogEvent & { query: string; schema?: string }): void {
    const text = event.query;
    if (REWRITES.test(text)) {
      const change = (this.pending ??= this.newChange(event.timestamp));
      for (const table of this.tables.all) {
        if (names(table.table).test(text)) change.rewritten.add(table);
      }
    }
    if (this.pending || !/^\s*BEGIN\b/i.test(text)) this.end(event.timestamp);
  }

  /** A new transaction begins: rows still pending belong to one whose end was not seen. */
  private begin(event: GtidEvent): void {
    if (this.pending) this.end(event.timestamp);
    this.gtid =
      event.gtid ??
      (event.seqNo === undefined
        ? undefined
        : `${event.domainId}-${event.serverId}-${event.seqNo}`);
  }

  /** After a lost connection: the stream resumes before the pending transaction's start. */
  discardPending(): void {
    this.pending = undefined;
    this.gtid = undefined;
  }

  private end(timestamp: number): void {
    const change = this.pending ?? this.newChange(timestamp);
    this.pending = undefined;
    this.gtid = undefined;
    this.emit({
      ...change,
      resume: this.resume!,
      committedAtMs: timestamp,
      receivedAtMs: Date.now(),
    });
  }

  private newChange(timestamp: number): CommittedChange {
    return {
      rows: new Map(),
      rewritten: new Set(),
      rowCounts: new Map(),
      gtid: this.gtid,
      resume: this.resume!,
      committedAtMs: timestamp,
      receivedAtMs: 0,
    };
  }
}

/** MariaDB's GTID event (`domainId`, `serverId`, `seqNo`) or MySQL's (`gtid`). */
interface GtidEvent {
  timestamp: number;
  gtid?: string;
  domainId?: number;
  serverId?: number;
  seqNo?: number | string;
}

function names(table: string): RegExp {
  return new RegExp(`\\b${table.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`, 'i');
}
