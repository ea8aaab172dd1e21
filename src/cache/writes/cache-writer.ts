import { AsyncLocalStorage } from 'node:async_hooks';
import { Inject, Injectable, Logger, Optional, type OnModuleInit } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { DataSource, type QueryRunner } from 'typeorm';
import { CACHE_PROBE, CACHE_STRATEGY } from '../cache.constants.js';
import { CacheSetupError } from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheStrategy } from '../strategies/cache-strategy.interface.js';
import { CacheTransactionSubscriber } from './cache-transaction.subscriber.js';
import { OwnWrites } from './own-writes.js';
import { TransactionWrites } from './transaction-writes.js';

const MISSING_TRANSACTION_HOST =
  'CacheModule needs the ambient transactions of @nestjs-cls/transactional: import ' +
  'ClsModule.forRoot({ plugins: [new ClsPluginTransactional({ imports: [TypeOrmModule], ' +
  'adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }) })] })';

/**
 * Runs cached writes inside the caller's ambient transaction (`@Transactional()` of
 * `@nestjs-cls/transactional`), or in one of their own when there is none. A row's write begins
 * before its first SQL; the transaction's rows end once, after the outermost commit or
 * rollback, which TypeORM reports on the transaction's query runner
 * (`CacheTransactionSubscriber`). The end runs inside TypeORM's commit, so the write is not
 * acknowledged before it. See docs/consistency.md, "Transactions".
 */
@Injectable()
export class CacheWriter implements OnModuleInit {
  private readonly logger = new Logger('Cache');
  private readonly transactions = new WeakMap<QueryRunner, TransactionWrites>();
  /** Rows of the next statement on a query runner outside any transaction (autocommit). */
  private readonly statements = new WeakMap<QueryRunner, TransactionWrites>();
  /** Set while a `@CacheEvict` method runs: it named its rows, its statements need no search. */
  private readonly naming = new AsyncLocalStorage<boolean>();
  private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CACHE_PROBE) private readonly probe: CacheProbe,
    @Inject(CACHE_STRATEGY) private readonly strategy: CacheStrategy,
    private readonly own: OwnWrites,
    @Optional() txHost?: TransactionHost<TransactionalAdapterTypeOrm>,
  ) {
    if (!txHost) throw new CacheSetupError(MISSING_TRANSACTION_HOST);
    this.txHost = txHost;
  }

  onModuleInit(): void {
    this.dataSource.subscribers.push(new CacheTransactionSubscriber(this));
  }

  /** True inside an ambient transaction: reads go through it, never through the cache. */
  inTransaction(): boolean {
    return this.txHost.isTransactionActive();
  }

  /** True while a `@CacheEvict` method that named the rows it writes is running. */
  rowsNamedByCaller(): boolean {
    return this.naming.getStore() === true;
  }

  /** Runs `work`, which writes the rows `keys`, under the write protocol. */
  async write<T>(
    entity: CachedEntity,
    keys: readonly CacheKeys[],
    work: () => Promise<T>,
  ): Promise<T> {
    if (this.txHost.isTransactionActive()) {
      const queryRunner = this.currentQueryRunner();
      await this.own.track(queryRunner);
      await this.writesOf(queryRunner).add(entity, keys);
      return this.naming.run(true, work);
    }
    // A transaction of its own, begun only once the rows are: a write that cannot begin (Redis
    // unreachable) never touches MySQL.
    const writes = new TransactionWrites(this.strategy, this.probe, this.own);
    await writes.add(entity, keys);
    try {
      return await this.txHost.withTransaction(async () => {
        const queryRunner = this.currentQueryRunner();
        this.transactions.set(queryRunner, writes);
        await this.own.track(queryRunner);
        return this.naming.run(true, work);
      });
    } finally {
      // Already ended by the commit or rollback, except when the transaction never started or
      // its ROLLBACK failed (the connection died: MySQL rolled it back).
      await writes.end(false);
    }
  }

  /**
   * A write found by TypeORM's entity events (`CacheEntitySubscriber`): begins the rows before
   * the statement. In a transaction they end after its outermost commit or rollback; outside
   * one, after the statement itself (`statementEnded`), which committed on its own.
   */
  async join(
    queryRunner: QueryRunner,
    entity: CachedEntity,
    keys: readonly CacheKeys[],
  ): Promise<void> {
    await this.own.track(queryRunner);
    if (queryRunner.isTransactionActive) return this.writesOf(queryRunner).add(entity, keys);
    let writes = this.statements.get(queryRunner);
    if (!writes) {
      writes = new TransactionWrites(this.strategy, this.probe, this.own);
      this.statements.set(queryRunner, writes);
    }
    await writes.add(entity, keys);
    // The statement commits on its own: its events may come before its end.
    writes.committing();
  }

  /** After the statements of a call outside any transaction: they committed, or one failed. */
  async statementEnded(queryRunner: QueryRunner, succeeded: boolean): Promise<void> {
    const writes = this.statements.get(queryRunner);
    if (!writes) return;
    this.statements.delete(queryRunner);
    await writes.end(succeeded, this.own.lastGtid(queryRunner));
  }

  /** Rows already written by a committed statement (an insert's generated key): invalidated now. */
  async invalidateCommitted(entity: CachedEntity, keys: readonly CacheKeys[]): Promise<void> {
    const writes = new TransactionWrites(this.strategy, this.probe);
    await writes.add(entity, keys);
    await writes.end(true);
  }

  /** The rows of the transaction on `queryRunner`, created at its first cached write. */
  writesOf(queryRunner: QueryRunner): TransactionWrites {
    let writes = this.transactions.get(queryRunner);
    if (!writes) {
      writes = new TransactionWrites(this.strategy, this.probe, this.own);
      this.transactions.set(queryRunner, writes);
    }
    return writes;
  }

  /** Just before the outermost COMMIT: the strategy's last check (throwing rolls back). */
  async beforeCommit(queryRunner: QueryRunner): Promise<void> {
    await this.transactions.get(queryRunner)?.beforeCommit();
  }

  /** After the outermost COMMIT or ROLLBACK. Never throws: the commit's outcome stands. */
  async ended(queryRunner: QueryRunner, committed: boolean): Promise<void> {
    const writes = this.transactions.get(queryRunner);
    if (!writes) return;
    this.transactions.delete(queryRunner);
    try {
      await writes.end(committed, this.own.lastGtid(queryRunner));
    } catch (error) {
      this.logger.error(`ending a cached write failed: ${(error as Error).message}`);
    }
  }

  private currentQueryRunner(): QueryRunner {
    const queryRunner = this.txHost.tx.queryRunner;
    if (!queryRunner) {
      throw new CacheSetupError('the ambient transaction has no query runner (not TypeORM?)');
    }
    return queryRunner;
  }
}
