import { Logger } from '@nestjs/common';
import type { CacheKeys } from '../cache-keys.js';
import type { CacheProbe } from '../cache-probe.js';
import type { OwnWrites } from '../writes/own-writes.js';
import type { BinlogPosition } from './binlog-position.js';
import type { CommittedChange } from './binlog-transactions.js';
import type { CdcTable, ImageKey } from './cdc-tables.js';
import { cdcLagSeconds, type CdcObserver } from './cdc-observer.js';

/** What the invalidator needs of the cache: the write-end of rows, and of whole entities. */
export interface CdcInvalidation {
  /** The write protocol's invalidation of committed rows; `beforeEnd` runs between its steps. */
  rows(table: CdcTable, keys: CacheKeys[], beforeEnd: () => Promise<void>): Promise<void>;
  /** Every cached row of these tables (a statement rewrote them without row events). */
  tables(tables: readonly CdcTable[]): Promise<void>;
  /** Waits until the rows' writer committed in InnoDB (`CommitBarrier`). */
  committed(table: CdcTable, keys: readonly ImageKey[]): Promise<void>;
}

const FIRST_RETRY_MS = 10;
const MAX_RETRY_MS = 1000;
/** How long a row waits for this process's write of it to end before it is invalidated anyway. */
const OWN_WRITE_WAIT_MS = 1000;

type TableRows = Map<CdcTable, Map<string, ImageKey>>;

/**
 * Invalidates the cached rows of committed binlog transactions, in binlog order, in batches:
 * whatever arrived while the previous batch ran goes out in the next, each row once. A batch
 * that fails (Redis unreachable) is retried until it succeeds: the position is never saved past
 * a row that was not invalidated. The position is saved at most every `saveIntervalMs`. Rows
 * this process's own writes already invalidated are skipped (`OwnWrites`).
 */
export class CdcInvalidator {
  private readonly logger = new Logger('CacheCdc');
  private queue: CommittedChange[] = [];
  private working: Promise<void> | undefined;
  private saveTimer: NodeJS.Timeout | undefined;
  private lastSave = 0;
  private unsaved = false;
  /** The position up to which every change is invalidated. */
  done: BinlogPosition | undefined;
  /** True while a batch keeps failing (health: down). */
  failing = false;

  constructor(
    private readonly invalidation: CdcInvalidation,
    private readonly observer: CdcObserver,
    private readonly probe: CacheProbe,
    private readonly ownWrites: OwnWrites,
    private readonly savePosition: (at: BinlogPosition) => Promise<void>,
    private readonly saveIntervalMs: number,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  push(change: CommittedChange): void {
    this.queue.push(change);
    this.working ??= this.work().finally(() => (this.working = undefined));
  }

  /** Resolves once everything pushed so far is invalidated. */
  async drain(): Promise<void> {
    while (this.working) await this.working;
  }

  /** Saves the position now if it moved since the last save; clears the timer. */
  async flush(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    if (!this.unsaved || !this.done) return;
    this.unsaved = false;
    this.lastSave = Date.now();
    try {
      await this.savePosition(this.done);
    } catch (error) {
      this.unsaved = true;
      this.logger.warn(`saving the binlog position failed: ${(error as Error).message}`);
    }
  }

  private async work(): Promise<void> {
    // The changes of one socket read arrive in one go: the first batch starts once all of them
    // are queued, not with the first alone (each batch costs its round trips).
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length) {
      const batch = this.queue;
      this.queue = [];
      const { rows, rewritten } = await this.toInvalidate(batch);
      await this.untilInvalidated(rows, rewritten);
      const doneAt = Date.now();
      for (const change of batch) {
        this.observer.lag(cdcLagSeconds(change.committedAtMs, change.receivedAtMs, doneAt));
        for (const [table, rows] of change.rowCounts) this.observer.events(table.entity.name, rows);
      }
      for (const change of batch) {
        for (const keys of change.rows.values()) {
          for (const row of keys.keys()) await this.probe.at('afterCdcInvalidation', row);
        }
      }
      this.done = batch[batch.length - 1].resume;
      this.unsaved = true;
      this.scheduleSave();
    }
  }

  private async untilInvalidated(rows: TableRows, rewritten: Set<CdcTable>): Promise<void> {
    let delay = FIRST_RETRY_MS;
    for (;;) {
      try {
        await this.invalidate(rows, rewritten);
        this.failing = false;
        return;
      } catch (error) {
        if (!this.failing)
          this.logger.warn(`invalidation failed, retrying: ${(error as Error).message}`);
        this.failing = true;
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay * 2, MAX_RETRY_MS);
      }
    }
  }

  /** The batch's rows, each once, without those this process's own writes invalidated. */
  private async toInvalidate(
    batch: CommittedChange[],
  ): Promise<{ rows: TableRows; rewritten: Set<CdcTable> }> {
    const rows: TableRows = new Map();
    const rewritten = new Set<CdcTable>();
    const own = await Promise.all(batch.map((change) => this.ownRows(change)));
    for (const [index, change] of batch.entries()) {
      for (const table of change.rewritten) rewritten.add(table);
      for (const [table, keys] of change.rows) {
        const merged = rows.get(table) ?? new Map<string, ImageKey>();
        let skipped = 0;
        for (const [row, key] of keys) {
          if (own[index].has(row)) skipped++;
          else merged.set(row, key);
        }
        if (merged.size) rows.set(table, merged);
        if (skipped) this.observer.skipped(table.entity.name, skipped);
      }
    }
    return { rows, rewritten };
  }

  private ownRows(change: CommittedChange): Promise<ReadonlySet<string>> {
    if (!this.ownWrites.enabled || !change.gtid) return Promise.resolve(NONE);
    const rows: string[] = [];
    for (const keys of change.rows.values()) rows.push(...keys.keys());
    return this.ownWrites.invalidated(change.gtid, rows, OWN_WRITE_WAIT_MS, (row) =>
      this.probe.at('cdcAwaitsOwnWrite', row),
    );
  }

  private async invalidate(rows: TableRows, rewritten: Set<CdcTable>): Promise<void> {
    if (rewritten.size) await this.invalidation.tables([...rewritten]);
    await Promise.all(
      [...rows].map(([table, keys]) => {
        const images = [...keys.values()];
        return this.invalidation.rows(
          table,
          images.map((image) => image.keys),
          () => this.invalidation.committed(table, images),
        );
      }),
    );
  }

  private scheduleSave(): void {
    if (this.saveTimer) return;
    const wait = Math.max(0, this.lastSave + this.saveIntervalMs - Date.now());
    this.saveTimer = setTimeout(() => void this.flush(), wait);
    this.saveTimer.unref();
  }
}

const NONE: ReadonlySet<string> = new Set();
