import type { EntityManager } from 'typeorm';
import type { CacheStrategyName } from '../../config/app-config.interface.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheRequestResult } from '../cache-metrics.js';
import type { Flight } from '../single-flight.js';

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
  readonly flight: Flight;
  /** Loads the whole row by its key alone (counted in `db_loads_total`). */
  load(): Promise<LoadedRow>;
  /** Runs between the load and the fill: the probe, then the debug fill delay. */
  beforeFill(): Promise<void>;
}

export interface MissOutcome {
  readonly row: object | null;
  readonly result: Exclude<CacheRequestResult, 'hit' | 'negative_hit'>;
}

export interface TransactionHooks {
  /** First statement of the transaction (the lease strategy's fence). */
  atStart?(manager: EntityManager): Promise<void>;
  /** Last step before commit; throwing rolls the transaction back (seed-lock's lock check). */
  beforeCommit?(manager: EntityManager): Promise<void>;
}

/** A decorated write: the rows it touches, and the method itself. */
export interface CacheWrite<T> {
  readonly entity: CachedEntity;
  /** Distinct, in a fixed order (writers lock several rows in the same order: no deadlock). */
  readonly keys: readonly CacheKeys[];
  /**
   * Runs the method, in a transaction of the aspect's that the method joins through
   * `runInTransaction`/`currentEntityManager` — unless it was declared `transaction: false`,
   * when the hooks run outside any transaction.
   */
  run(hooks?: TransactionHooks): Promise<T>;
}

/** One way of keeping Redis in front of MySQL; the aspects run whichever is configured. */
export interface CacheStrategy {
  readonly name: CacheStrategyName;
  /** False for `none`: reads never touch Redis. */
  readonly usesCache: boolean;
  miss(read: ReadMiss): Promise<MissOutcome>;
  write<T>(write: CacheWrite<T>): Promise<T>;
}
