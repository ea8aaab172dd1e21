import { Injectable } from '@nestjs/common';
import type { CacheKeys } from '../cache-keys.js';
import type { CacheableRowOptions } from '../decorators/cacheable.decorator.js';
import type {
  CallMethod as Next,
  MethodInterceptor,
  MethodInvocation,
} from '../method-interceptor.interface.js';
import { SingleFlight } from '../single-flight.js';
import type { LoadedRow, MissOutcome } from '../strategies/cache-strategy.interface.js';
import type { CachedMethod } from './cached-method.js';
import { CachedReads } from './cached-reads.js';
import { matchesConditions } from './post-filter.js';

export type CachedRead = MethodInvocation<CachedMethod<CacheableRowOptions>>;

/**
 * Applies a `@Cacheable` method (one row by its key). Hit: one GET, decode, post-filter. Miss:
 * the strategy, inside a per-process single flight by row key; every caller applies its own
 * post-filter (docs/consistency.md, "Read").
 */
@Injectable()
export class CachedReadInterceptor implements MethodInterceptor<CachedMethod<CacheableRowOptions>> {
  private readonly flights = new SingleFlight<MissOutcome>();

  constructor(private readonly reads: CachedReads) {}

  /**
   * A hit is one `then` on the GET, with no async function around it: with AsyncLocalStorage on
   * (ambient transactions), every promise of a hit costs its hooks (docs/benchmarks.md, "HTTP").
   * Whatever throws is a rejection, as from an async method.
   */
  intercept(invocation: CachedRead, next: Next): Promise<unknown> {
    try {
      return this.read(invocation, next);
    } catch (error) {
      // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- as thrown
      return Promise.reject(error);
    }
  }

  private read(invocation: CachedRead, next: Next): Promise<unknown> {
    const method = invocation.metadata;
    const key = this.keyOf(invocation);
    const keys = key && method.misuse.keysOf(method.entity, key);
    if (!keys || method.returnsPartialRows || !this.reads.usesCache()) {
      return this.direct(method, next, 'bypass');
    }
    let reply: Promise<string | null>;
    try {
      reply = this.reads.redis.get(keys.row);
    } catch {
      return this.direct(method, next, 'unavailable');
    }
    return reply.then(
      (text) => {
        if (text === null) return this.missed(invocation, next, keys, key);
        const row = this.reads.hit(method.entity, keys, key, text);
        return row && this.filtered(row, invocation);
      },
      () => this.direct(method, next, 'unavailable'),
    );
  }

  private async missed(
    invocation: CachedRead,
    next: Next,
    keys: CacheKeys,
    key: object,
  ): Promise<unknown> {
    const outcome = await this.miss(invocation, next, keys, key);
    invocation.metadata.entity.metrics.requests[outcome.result].inc();
    return outcome.row && this.filtered(outcome.row, invocation);
  }

  /**
   * The strategy's miss, shared by the concurrent callers of this process when the strategy
   * single-flights: each caller gets a copy of its own (a caller may change what it gets).
   */
  private async miss(
    invocation: CachedRead,
    next: Next,
    keys: CacheKeys,
    key: object,
  ): Promise<MissOutcome> {
    const { strategy } = this.reads;
    const { entity } = invocation.metadata;
    const fillGate = () => this.reads.beforeFill([keys]);
    if (!strategy.singleFlight) {
      const load = () => this.load(invocation, next, keys, key);
      return strategy.miss({ entity, keys, load, beforeFill: fillGate });
    }
    const outcome = await this.flights.run(keys.row, (flight) => {
      const load = () => {
        flight.seal();
        return this.load(invocation, next, keys, key);
      };
      return strategy.miss({ entity, keys, load, beforeFill: fillGate });
    });
    return outcome.row ? { ...outcome, row: entity.codec.copy(outcome.row) } : outcome;
  }

  private filtered(row: object, { metadata, args }: CachedRead): object | null {
    return matchesConditions(row, metadata.options.conditions?.(...args)) ? row : null;
  }

  /**
   * The key the call asks for, or undefined when its selection is partial (reported, and the
   * call cannot be cached). Its Redis keys come from `misuse.keysOf`: a key value that cannot
   * name one row is always an error, since it could be served another row.
   */
  private keyOf({ metadata, args }: CachedRead): object | undefined {
    const { entity, options, misuse } = metadata;
    const selected = options.select?.(...args);
    if (selected) {
      const missing = entity.codec.columns.filter((column) => !selected.includes(column));
      if (missing.length) {
        misuse.report(`selects only some columns (not ${missing.join(', ')})`);
        return undefined;
      }
    }
    return options.key(...args);
  }

  /** MySQL with the caller's own arguments (conditions in SQL), no cache involved. */
  private async direct(
    method: CachedMethod<CacheableRowOptions>,
    next: Next,
    result: 'bypass' | 'unavailable',
  ): Promise<unknown> {
    method.entity.metrics.requests[result].inc();
    method.entity.metrics.dbLoad.inc();
    return next();
  }

  /**
   * The whole row by its key alone: what every caller of the flight filters for itself. Not
   * fillable when partial, or when MySQL matched another key (collation: case, trailing spaces).
   */
  private async load(
    { metadata: method, args }: CachedRead,
    next: Next,
    keys: CacheKeys,
    key: object,
  ): Promise<LoadedRow> {
    const { entity, options } = method;
    const row = (await next(options.loadArgs?.(...args))) ?? null;
    entity.metrics.dbLoad.inc();
    await this.reads.loaded([keys]);
    if (!row) return { row, fillable: true };
    const missing = entity.codec.missingColumns(row);
    if (missing.length) {
      method.misuse.report(`returned a partial row (without ${missing.join(', ')})`);
      method.returnsPartialRows = true;
      return { row, fillable: false };
    }
    if (!entity.hasKey(row, key)) {
      entity.metrics.keyMismatch.inc();
      return { row, fillable: false };
    }
    return { row, fillable: true };
  }
}
