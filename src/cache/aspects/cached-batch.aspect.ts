import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheableBatchOptions } from '../decorators/cacheable.decorator.js';
import type { BatchLoad, MissOutcome } from '../strategies/cache-strategy.interface.js';
import type { AnyMethod, AspectContext } from './aspect-context.js';
import { CacheMisuse } from './cache-misuse.js';
import { matchesConditions } from './post-filter.js';

interface Requested {
  readonly keys: CacheKeys;
  readonly key: object;
}

/**
 * Wraps one batch `@Cacheable` method (`keys` instead of `key`). All hits: one MGET. Misses: one
 * call of the method for all of them, each filled under its own lease (`CacheStrategy.missMany`).
 * Answers the rows found, in the order asked, each post-filtered; a row MySQL matched under
 * another key than asked (collation) is not among them.
 */
export class CachedBatchAspect {
  private readonly misuse: CacheMisuse;

  constructor(
    private readonly context: AspectContext,
    private readonly entity: CachedEntity,
    private readonly options: CacheableBatchOptions,
    private readonly original: AnyMethod,
    readonly method: string,
  ) {
    this.misuse = new CacheMisuse(method, entity.config.poThrows);
  }

  async invoke(target: object, args: unknown[]): Promise<object[]> {
    const { context, entity } = this;
    const requested = this.requestedBy(args);
    if (!requested || !context.strategy.usesCache || context.writer.inTransaction()) {
      return this.direct(target, args, requested);
    }
    if (!requested.length) return [];
    let texts: (string | null)[];
    try {
      texts = await context.redis.getMany(requested.map(({ keys }) => keys.row));
    } catch {
      entity.metrics.requests.unavailable.inc();
      return this.direct(target, args, requested);
    }
    const found = new Map<string, object | null>();
    const misses: CacheKeys[] = [];
    texts.forEach((text, index) => {
      const { keys } = requested[index];
      if (text === null) return misses.push(keys);
      if (text === NEGATIVE_MARKER) entity.metrics.requests.negative_hit.inc();
      else entity.metrics.requests.hit.inc();
      found.set(keys.row, text === NEGATIVE_MARKER ? null : entity.codec.decode(text));
    });
    if (misses.length) {
      for (const [row, outcome] of await this.missMany(target, requested, misses)) {
        entity.metrics.requests[outcome.result].inc();
        found.set(row, outcome.row);
      }
    }
    return this.answer(requested, found, args);
  }

  /** Distinct keys in the order asked; undefined when the call cannot use the cache. */
  private requestedBy(args: unknown[]): Requested[] | undefined {
    const byRow = new Map<string, Requested>();
    for (const key of this.options.keys(...args)) {
      const keys = this.misuse.keysOf(this.entity, key);
      if (!keys) return undefined;
      if (!byRow.has(keys.row)) byRow.set(keys.row, { keys, key });
    }
    return [...byRow.values()];
  }

  private async missMany(
    target: object,
    requested: readonly Requested[],
    misses: CacheKeys[],
  ): Promise<Map<string, MissOutcome>> {
    const { strategy, probe } = this.context;
    const byRow = new Map(requested.map((request) => [request.keys.row, request]));
    const load = (keys: readonly CacheKeys[]) =>
      this.load(
        target,
        keys.map((k) => byRow.get(k.row)!),
      );
    if (strategy.missMany) {
      return strategy.missMany({
        entity: this.entity,
        keys: misses,
        load,
        beforeFill: async (keys) => {
          for (const k of keys) await probe.at('beforeFill', k.row);
          const delay = this.context.options.debugFillDelayMs;
          if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        },
      });
    }
    const { rows } = await load(misses);
    return new Map(
      misses.map((keys) => [keys.row, { row: rows.get(keys.row) ?? null, result: 'bypass' }]),
    );
  }

  /** One call of the method for these keys; its rows by the key they were asked for. */
  private async load(target: object, requested: readonly Requested[]): Promise<BatchLoad> {
    const { entity } = this;
    const loaded = await this.original.apply(
      target,
      this.options.loadArgs(requested.map(({ key }) => key) as Record<string, unknown>[]),
    );
    entity.metrics.dbLoad.inc();
    const asked = new Map(requested.map((request) => [request.keys.row, request]));
    const rows = new Map<string, object>();
    const unfillable = new Set<string>();
    for (const row of (loaded ?? []) as object[]) {
      const keys = entity.keysOf(row);
      const request = 'row' in keys ? asked.get(keys.row) : undefined;
      if (!request || !entity.hasKey(row, request.key)) {
        entity.metrics.keyMismatch.inc();
        continue;
      }
      const missing = entity.codec.missingColumns(row);
      if (missing.length) {
        this.misuse.report(`returned a partial row (without ${missing.join(', ')})`);
        unfillable.add(request.keys.row);
      }
      rows.set(request.keys.row, row);
    }
    for (const { keys } of requested) await this.context.probe.at('afterDbLoad', keys.row);
    return { rows, unfillable };
  }

  /** MySQL with the caller's own arguments, no cache involved; ordered like a cached answer. */
  private async direct(
    target: object,
    args: unknown[],
    requested: readonly Requested[] | undefined,
  ): Promise<object[]> {
    this.entity.metrics.requests.bypass.inc();
    this.entity.metrics.dbLoad.inc();
    const rows = ((await this.original.apply(target, args)) ?? []) as object[];
    if (!requested) return rows;
    const found = new Map<string, object>();
    for (const row of rows) {
      const keys = this.entity.keysOf(row);
      if ('row' in keys) found.set(keys.row, row);
    }
    return this.answer(requested, found, args);
  }

  private answer(
    requested: readonly Requested[],
    found: ReadonlyMap<string, object | null>,
    args: unknown[],
  ): object[] {
    const conditions = this.options.conditions?.(...args);
    const rows: object[] = [];
    for (const { keys } of requested) {
      const row = found.get(keys.row);
      if (row && matchesConditions(row, conditions)) rows.push(row);
    }
    return rows;
  }
}
