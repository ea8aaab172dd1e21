import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, QueryRunner, ReplicationMode } from 'typeorm';

/**
 * Sends every query made inside `run()` to the primary when the DataSource has read replicas.
 *
 * TypeORM picks a server when it creates a query runner: a `find()` outside a transaction asks
 * for `'slave'` (a replica), a transaction or a write for `'master'`. It has no per-call choice
 * that reaches a repository method's own queries, so the cache replaces the DataSource's
 * `createQueryRunner` once: inside `run()` (a cached read's load, whatever the method does
 * inside), `'slave'` becomes `'master'`; elsewhere nothing changes. A fill loaded from a lagging
 * replica would store a row older than a committed write, and the write's invalidation has
 * already run (docs/consistency.md, "Read replicas").
 */
export class PrimaryReads {
  private readonly scope = new AsyncLocalStorage<true>();
  readonly replicated: boolean;

  constructor(dataSource: DataSource) {
    const options = dataSource.options as { replication?: unknown };
    this.replicated = !!options.replication;
    if (this.replicated) this.route(dataSource);
  }

  /** Runs `fn` with every query it makes on the primary. */
  run<T>(fn: () => T): T {
    return this.replicated ? this.scope.run(true, fn) : fn();
  }

  private route(dataSource: DataSource): void {
    const original = dataSource.createQueryRunner.bind(dataSource);
    const scope = this.scope;
    dataSource.createQueryRunner = function createQueryRunner(
      mode: ReplicationMode = 'master',
    ): QueryRunner {
      return original(scope.getStore() ? 'master' : mode);
    };
  }
}
