import type { EntityManager } from 'typeorm';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator.js';
import type { TransactionHooks } from '../strategies/cache-strategy.interface.js';
import { transactionScope } from '../transaction-scope.js';
import type { AnyMethod, AspectContext } from './aspect-context.js';

/**
 * Wraps one `@CacheEvict` method: finds the rows it touches and lets the strategy lock and
 * invalidate around it; runs it in a transaction the method joins, with the strategy's hooks.
 */
export class CacheWriteAspect {
  constructor(
    private readonly context: AspectContext,
    private readonly entity: CachedEntity,
    private readonly options: CacheEvictOptions,
    private readonly original: AnyMethod,
    readonly method: string,
  ) {}

  invoke(target: object, args: unknown[]): Promise<unknown> {
    const keys = this.keysFor(args);
    if (!keys.length) return this.original.apply(target, args);
    return this.context.strategy.write({
      entity: this.entity,
      keys,
      run: (hooks) => this.run(target, args, keys[0].row, hooks),
    });
  }

  /** Distinct keys in a fixed order. A write cannot skip invalidation: misuse always throws. */
  private keysFor(args: unknown[]): CacheKeys[] {
    const byRow = new Map<string, CacheKeys>();
    for (const key of this.options.keys(...args)) {
      const keys = this.entity.keysOf(key);
      if ('missing' in keys) {
        throw new CacheMisuseError(
          this.method,
          `does not supply the key properties ${keys.missing.join(', ')} of a row it writes`,
        );
      }
      byRow.set(keys.row, keys);
    }
    return [...byRow.values()].sort((a, b) => (a.row < b.row ? -1 : a.row > b.row ? 1 : 0));
  }

  private async run(
    target: object,
    args: unknown[],
    rowKey: string,
    hooks: TransactionHooks = {},
  ): Promise<unknown> {
    const { probe, dataSource } = this.context;
    let result: unknown;
    if (this.options.transaction === false) {
      result = await this.original.apply(target, args);
    } else {
      const body = (manager: EntityManager) =>
        transactionScope.run({ manager }, async () => {
          if (hooks.atStart) await hooks.atStart(manager);
          const value = await this.original.apply(target, args);
          await probe.at('beforeCommit', rowKey);
          if (hooks.beforeCommit) await hooks.beforeCommit(manager);
          return value;
        });
      // A write nested in another cached write joins its transaction.
      const outer = transactionScope.getStore();
      result = outer ? await body(outer.manager) : await dataSource.transaction(body);
    }
    await probe.at('afterCommit', rowKey);
    return result;
  }
}
