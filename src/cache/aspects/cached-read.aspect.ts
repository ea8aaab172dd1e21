import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheableRowOptions } from '../decorators/cacheable.decorator.js';
import type { LoadedRow, MissOutcome } from '../strategies/cache-strategy.interface.js';
import type { AnyMethod, AspectContext } from './aspect-context.js';
import { CacheMisuse } from './cache-misuse.js';
import { matchesConditions } from './post-filter.js';

/** The key a call asks for, and its Redis keys. */
interface KeyRequest {
  readonly keys: CacheKeys;
  readonly key: object;
}

/**
 * Wraps one `@Cacheable` method. Hit: one GET, decode, post-filter. Miss: the strategy, inside
 * a per-process single flight by row key; every caller applies its own post-filter.
 */
export class CachedReadAspect {
  private readonly misuse: CacheMisuse;
  /** Set once the method was seen returning partial rows (`po-throws="false"`). */
  private bypassed = false;

  constructor(
    private readonly context: AspectContext,
    private readonly entity: CachedEntity,
    private readonly options: CacheableRowOptions,
    private readonly original: AnyMethod,
    readonly method: string,
  ) {
    this.misuse = new CacheMisuse(method, entity.config.poThrows);
  }

  async invoke(target: object, args: unknown[]): Promise<unknown> {
    const { context, entity } = this;
    const request = this.keysFor(args);
    // Inside a transaction, read its own rows (read-your-writes), never the cache.
    if (
      !request ||
      !context.strategy.usesCache ||
      this.bypassed ||
      context.writer.inTransaction()
    ) {
      return this.direct(target, args, 'bypass');
    }
    const { keys } = request;

    let text: string | null;
    try {
      text = await context.redis.get(keys.row);
    } catch {
      return this.direct(target, args, 'unavailable');
    }
    if (text !== null) {
      if (text === NEGATIVE_MARKER) {
        entity.metrics.requests.negative_hit.inc();
        return null;
      }
      entity.metrics.requests.hit.inc();
      return this.filtered(entity.codec.decode(text), args);
    }

    const outcome = await this.miss(target, args, request);
    entity.metrics.requests[outcome.result].inc();
    return outcome.row && this.filtered(outcome.row, args);
  }

  /**
   * The strategy's miss, shared by the concurrent callers of this process when the strategy
   * single-flights: each caller gets a copy of its own (a caller may change what it gets).
   */
  private async miss(target: object, args: unknown[], request: KeyRequest): Promise<MissOutcome> {
    const { strategy, flights } = this.context;
    const { keys } = request;
    const beforeFill = () => this.beforeFill(keys);
    if (!strategy.singleFlight) {
      const load = () => this.load(target, args, request);
      return strategy.miss({ entity: this.entity, keys, load, beforeFill });
    }
    const outcome = await flights.run(keys.row, (flight) => {
      const load = () => {
        flight.seal();
        return this.load(target, args, request);
      };
      return strategy.miss({ entity: this.entity, keys, load, beforeFill });
    });
    return outcome.row ? { ...outcome, row: this.entity.codec.copy(outcome.row) } : outcome;
  }

  private filtered(row: object, args: unknown[]): object | null {
    return matchesConditions(row, this.options.conditions?.(...args)) ? row : null;
  }

  /**
   * The row's keys, or undefined when this call cannot be cached (and po-throws is false). A key
   * value that cannot name one row is always an error: it could be served another row.
   */
  private keysFor(args: unknown[]): KeyRequest | undefined {
    const selected = this.options.select?.(...args);
    if (selected) {
      const missing = this.entity.codec.columns.filter((column) => !selected.includes(column));
      if (missing.length) {
        this.misuse.report(`selects only some columns (not ${missing.join(', ')})`);
        return undefined;
      }
    }
    const key = this.options.key(...args);
    const keys = this.misuse.keysOf(this.entity, key);
    if (!keys) return undefined;
    return { keys, key };
  }

  /** MySQL with the caller's own arguments (conditions in SQL), no cache involved. */
  private async direct(
    target: object,
    args: unknown[],
    result: 'bypass' | 'unavailable',
  ): Promise<unknown> {
    this.entity.metrics.requests[result].inc();
    this.entity.metrics.dbLoad.inc();
    return this.original.apply(target, args);
  }

  /**
   * The whole row by its key alone: what every caller of the flight filters for itself. Not
   * fillable when partial, or when MySQL matched another key (collation: case, trailing spaces).
   */
  private async load(target: object, args: unknown[], request: KeyRequest): Promise<LoadedRow> {
    const loadArgs = this.options.loadArgs ? this.options.loadArgs(...args) : args;
    const row: object | null = (await this.original.apply(target, loadArgs)) ?? null;
    this.entity.metrics.dbLoad.inc();
    await this.context.probe.at('afterDbLoad', request.keys.row);
    if (!row) return { row, fillable: true };
    const missing = this.entity.codec.missingColumns(row);
    if (missing.length) {
      this.misuse.report(`returned a partial row (without ${missing.join(', ')})`);
      this.bypassed = true;
      return { row, fillable: false };
    }
    if (!this.entity.hasKey(row, request.key)) {
      this.entity.metrics.keyMismatch.inc();
      return { row, fillable: false };
    }
    return { row, fillable: true };
  }

  private async beforeFill(keys: CacheKeys): Promise<void> {
    await this.context.probe.at('beforeFill', keys.row);
    const delay = this.context.options.debugFillDelayMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
