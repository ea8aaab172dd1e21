import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/** The transaction a cache write aspect opened around a decorated method. */
export interface TransactionScope {
  readonly manager: EntityManager;
}

export const transactionScope = new AsyncLocalStorage<TransactionScope>();

/**
 * The EntityManager a repository should use: the cache write aspect's transaction while a
 * `@CacheEvict` method runs (so the aspect can fence and check before commit), else the
 * DataSource's own.
 */
export function currentEntityManager(dataSource: DataSource): EntityManager {
  return transactionScope.getStore()?.manager ?? dataSource.manager;
}

/** Runs `work` in the aspect's transaction when there is one, else in a new transaction. */
export function runInTransaction<T>(
  dataSource: DataSource,
  work: (manager: EntityManager) => Promise<T>,
): Promise<T> {
  const scope = transactionScope.getStore();
  return scope ? work(scope.manager) : dataSource.transaction(work);
}
