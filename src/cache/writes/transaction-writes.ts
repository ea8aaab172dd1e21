import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheProbe } from '../cache-probe.js';
import type {
  CacheStrategy,
  WriteSet,
  WrittenRow,
} from '../strategies/cache-strategy.interface.js';
import { newToken } from '../strategies/new-token.js';
import type { OwnWriteEnding, OwnWrites } from './own-writes.js';

/**
 * The cached rows one transaction writes. A row's `beginWrite` runs the first time the
 * transaction writes it, before its SQL; `beforeCommit` and `endWrite` run once for all of
 * them, at the outermost commit or rollback. With `own`, the rows are reported from just before
 * the commit to the end of their write-end, for change data capture (`OwnWrites`).
 */
export class TransactionWrites implements WriteSet {
  readonly token = newToken();
  private readonly written = new Map<string, WrittenRow>();
  private ended = false;
  private ending: OwnWriteEnding | undefined;

  constructor(
    private readonly strategy: CacheStrategy,
    private readonly probe: CacheProbe,
    private readonly own?: OwnWrites,
  ) {}

  get rows(): WrittenRow[] {
    return [...this.written.values()].sort(byRowKey);
  }

  /** Begins the rows this transaction has not written yet; throws (HTTP 503) before any SQL. */
  async add(entity: CachedEntity, keys: readonly CacheKeys[]): Promise<void> {
    const fresh = keys
      .filter((key) => !this.written.has(key.row))
      .map((key): WrittenRow => ({ entity, keys: key }));
    if (!fresh.length) return;
    // Counted as written before the round trip, so that a concurrent write of the same row in
    // this transaction does not begin it twice.
    for (const row of fresh) this.written.set(row.keys.row, row);
    try {
      await this.strategy.beginWrite({ token: this.token, rows: fresh.sort(byRowKey) });
    } catch (error) {
      for (const row of fresh) this.written.delete(row.keys.row);
      throw error;
    }
    for (const row of fresh) await this.probe.at('afterWriteBegin', row.keys.row);
  }

  async beforeCommit(): Promise<void> {
    const rows = this.rows;
    for (const row of rows) await this.probe.at('beforeCommit', row.keys.row);
    await this.strategy.beforeCommit?.({ token: this.token, rows });
    this.committing();
  }

  /** The commit is next: its binlog events may reach the stream before this write ends. */
  committing(): void {
    if (!this.own?.enabled) return;
    const rows = [...this.written.keys()];
    if (this.ending) this.ending.add(rows);
    else this.ending = this.own.committing(rows);
  }

  /** Once: later calls do nothing. `gtid`: the commit's, when the server reported it. */
  async end(committed: boolean, gtid?: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    const rows = this.rows;
    let final = false;
    try {
      if (committed) for (const row of rows) await this.probe.at('afterCommit', row.keys.row);
      final = await this.strategy.endWrite({ token: this.token, rows }, committed);
    } finally {
      this.ending?.done(final ? gtid : undefined);
    }
  }
}

function byRowKey(a: WrittenRow, b: WrittenRow): number {
  return a.keys.row < b.keys.row ? -1 : a.keys.row > b.keys.row ? 1 : 0;
}
