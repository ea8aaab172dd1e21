import type { CacheStrategyName } from './cache-strategy-name.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheRequestResult } from '../cache-metrics.js';

/** A row loaded from MySQL by the decorated method (null: no such row). */
export interface LoadedRow {
  readonly row: object | null;
  /** False when the method returned a partial row: it must not be cached. */
  readonly fillable: boolean;
}

/** A cached read that missed: the strategy loads the row and decides whether to fill. */
export interface ReadMiss {
  readonly entity: CachedEntity;
  readonly keys: CacheKeys;
  /**
   * Loads the whole row by its key alone (counted in `db_loads_total`). It first closes the
   * read's single flight to newcomers: a caller arriving after this point (perhaps after a
   * write committed) must never be handed a row loaded now.
   */
  load(): Promise<LoadedRow>;
  /** Runs between the load and the fill: the probe, then the debug fill delay. */
  beforeFill(): Promise<void>;
}

export interface MissOutcome {
  readonly row: object | null;
  readonly result: Exclude<CacheRequestResult, 'hit' | 'negative_hit'>;
}

/** The misses of a batch read: the strategy loads them in one call and decides what to fill. */
export interface BatchMiss {
  readonly entity: CachedEntity;
  readonly keys: readonly CacheKeys[];
  /** Loads these rows in one call of the method; the found, fillable ones by row key. */
  load(keys: readonly CacheKeys[]): Promise<BatchLoad>;
  /** Runs between the load and the fills: the probe (per key), then the debug fill delay. */
  beforeFill(keys: readonly CacheKeys[]): Promise<void>;
}

export interface BatchLoad {
  /** Every row found, by the row key it was asked for. */
  readonly rows: ReadonlyMap<string, object>;
  /** Row keys that must not be filled (a partial row). */
  readonly unfillable: ReadonlySet<string>;
}

/** One cached row a transaction writes. */
export interface WrittenRow {
  readonly entity: CachedEntity;
  readonly keys: CacheKeys;
}

/** Rows of one transaction, with the writer token that the transaction uses for all of them. */
export interface WriteSet {
  readonly token: string;
  /** Distinct, in key order. */
  readonly rows: readonly WrittenRow[];
}

/**
 * One way of keeping Redis in front of MySQL; the aspects run whichever is configured. A write
 * is three phases, which the cache writer calls in order around the caller's transaction:
 * `beginWrite` before the row's first SQL, `beforeCommit` just before the outermost commit,
 * `endWrite` after the outermost commit or rollback.
 */
export interface CacheStrategy {
  readonly name: CacheStrategyName;
  /** False for `none`: reads never touch Redis. */
  readonly usesCache: boolean;
  /** True: concurrent misses of one key in a process share one load (single flight). */
  readonly singleFlight: boolean;
  miss(read: ReadMiss): Promise<MissOutcome>;
  /**
   * The misses of a batch read, by row key. Without it the aspect loads them and fills nothing
   * (the strategies compared with `lease` have no batch form).
   */
  missMany?(batch: BatchMiss): Promise<Map<string, MissOutcome>>;
  /**
   * Before the SQL that writes these rows. Throwing keeps the SQL from running; it must then
   * leave nothing of its own behind.
   */
  beginWrite(write: WriteSet): Promise<void>;
  /** Last step before the outermost commit; throwing rolls the transaction back. */
  beforeCommit?(write: WriteSet): Promise<void>;
  /**
   * After the outermost commit (`committed`) or rollback. Never throws. Resolves true when the
   * write's invalidation is final: committed, every row's write-end reached Redis, and the
   * strategy leaves no race open after it (only `lease`). Change data capture then has nothing
   * to add for these rows (docs/consistency.md, "The app's own writes").
   */
  endWrite(write: WriteSet, committed: boolean): Promise<boolean>;
}
