import type {
  EntitySubscriberInterface,
  TransactionCommitEvent,
  TransactionRollbackEvent,
} from 'typeorm';

/** What the subscriber reports to (`CacheWriter`). */
export interface TransactionEndListener {
  beforeCommit(queryRunner: TransactionCommitEvent['queryRunner']): Promise<void>;
  ended(queryRunner: TransactionCommitEvent['queryRunner'], committed: boolean): Promise<void>;
}

/**
 * TypeORM's transaction events, narrowed to the outermost transaction of a query runner: a
 * nested transaction (a savepoint) fires the same events while the outer one is still open.
 * TypeORM awaits these handlers inside `commitTransaction`/`rollbackTransaction`.
 */
export class CacheTransactionSubscriber implements EntitySubscriberInterface {
  constructor(private readonly listener: TransactionEndListener) {}

  async beforeTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    // Fired before the depth is counted down: 1 is the outermost transaction. The depth is a
    // protected field of every driver's query runner (TypeORM 0.3 and 1), with no public getter.
    const { transactionDepth } = queryRunner as unknown as { transactionDepth: number };
    if (transactionDepth === 1) await this.listener.beforeCommit(queryRunner);
  }

  async afterTransactionCommit({ queryRunner }: TransactionCommitEvent): Promise<void> {
    if (!queryRunner.isTransactionActive) await this.listener.ended(queryRunner, true);
  }

  async afterTransactionRollback({ queryRunner }: TransactionRollbackEvent): Promise<void> {
    if (!queryRunner.isTransactionActive) await this.listener.ended(queryRunner, false);
  }
}
