import { Injectable } from '@nestjs/common';
import type { CacheKeys } from '../cache-keys.js';
import type { CacheableBatchOptions } from '../decorators/cacheable.decorator.js';
import type {
  CallMethod,
  MethodInterceptor,
  MethodInvocation,
} from '../method-interceptor.interface.js';
import type { BatchLoad, MissOutcome } from '../strategies/cache-strategy.interface.js';
import type { CachedMethod } from './cached-method.js';
import { CachedReads } from './cached-reads.js';
import { matchesConditions } from './post-filter.js';

export type CachedBatchRead = MethodInvocation<CachedMethod<CacheableBatchOptions>>;

interface Requested {
  readonly keys: CacheKeys;
  readonly key: object;
}

/**
 * Applies a batch `@Cacheable` method (`keys` instead of `key`). All hits: one MGET. Misses: one
 * call of the method for all of them, each filled under its own lease (`CacheStrategy.missMany`).
 * Answers the rows found, in the order asked, each post-filtered; a row MySQL matched under
 * another key than asked (collation) is not among them (docs/consistency.md, "Batch reads").
 */
@Injectable()
export class CachedBatchInterceptor implements MethodInterceptor<
  CachedMethod<CacheableBatchOptions>
> {
  constructor(private readonly reads: CachedReads) {}

  async intercept(invocation: CachedBatchRead, next: CallMethod): Promise<object[]> {
    const { entity } = invocation.metadata;
    const requested = this.requestedBy(invocation);
    if (!requested || !this.reads.usesCache()) {
      return this.direct(invocation, next, requested);
    }
    if (!requested.length) return [];
    let texts: (string | null)[];
    try {
      texts = await this.reads.redis.getMany(requested.map(({ keys }) => keys.row));
    } catch {
      entity.metrics.requests.unavailable.inc();
      return this.direct(invocation, next, requested);
    }
    const found = new Map<string, object | null>();
    const misses: CacheKeys[] = [];
    texts.forEach((text, index) => {
      const { keys, key } = requested[index];
      if (text === null) misses.push(keys);
      else found.set(keys.row, this.reads.hit(entity, keys, key, text));
    });
    if (misses.length) {
      for (const [row, outcome] of await this.missMany(invocation, next, requested, misses)) {
        entity.metrics.requests[outcome.result].inc();
        found.set(row, outcome.row);
      }
    }
    return this.answer(invocation, requested, found);
  }

  /** Distinct keys in the order asked; undefined when the call cannot use the cache. */
  private requestedBy({ metadata, args }: CachedBatchRead): Requested[] | undefined {
    const byRow = new Map<string, Requested>();
    for (const key of metadata.options.keys(...args)) {
      const keys = metadata.misuse.keysOf(metadata.entity, key);
      if (!keys) return undefined;
      if (!byRow.has(keys.row)) byRow.set(keys.row, { keys, key });
    }
    return [...byRow.values()];
  }

  private async missMany(
    invocation: CachedBatchRead,
    next: CallMethod,
    requested: readonly Requested[],
    misses: CacheKeys[],
  ): Promise<Map<string, MissOutcome>> {
    const { strategy } = this.reads;
    const byRow = new Map(requested.map((request) => [request.keys.row, request]));
    const load = (keys: readonly CacheKeys[]) =>
      this.load(
        invocation,
        next,
        keys.map((k) => byRow.get(k.row)!),
      );
    if (strategy.missMany) {
      return strategy.missMany({
        entity: invocation.metadata.entity,
        keys: misses,
        load,
        beforeFill: (keys) => this.reads.beforeFill(keys),
      });
    }
    const { rows } = await load(misses);
    return new Map(
      misses.map((keys) => [keys.row, { row: rows.get(keys.row) ?? null, result: 'bypass' }]),
    );
  }

  /** One call of the method for these keys; its rows by the key they were asked for. */
  private async load(
    { metadata }: CachedBatchRead,
    next: CallMethod,
    requested: readonly Requested[],
  ): Promise<BatchLoad> {
    const { entity, options, misuse } = metadata;
    const loaded = await next(
      options.loadArgs(requested.map(({ key }) => key) as Record<string, unknown>[]),
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
        misuse.report(`returned a partial row (without ${missing.join(', ')})`);
        unfillable.add(request.keys.row);
      }
      rows.set(request.keys.row, row);
    }
    await this.reads.loaded(requested.map(({ keys }) => keys));
    return { rows, unfillable };
  }

  /** MySQL with the caller's own arguments, no cache involved; ordered like a cached answer. */
  private async direct(
    invocation: CachedBatchRead,
    next: CallMethod,
    requested: readonly Requested[] | undefined,
  ): Promise<object[]> {
    const { entity } = invocation.metadata;
    entity.metrics.requests.bypass.inc();
    entity.metrics.dbLoad.inc();
    const rows = ((await next()) ?? []) as object[];
    if (!requested) return rows;
    const found = new Map<string, object>();
    for (const row of rows) {
      const keys = entity.keysOf(row);
      if ('row' in keys) found.set(keys.row, row);
    }
    return this.answer(invocation, requested, found);
  }

  private answer(
    { metadata, args }: CachedBatchRead,
    requested: readonly Requested[],
    found: ReadonlyMap<string, object | null>,
  ): object[] {
    const conditions = metadata.options.conditions?.(...args);
    const rows: object[] = [];
    for (const { keys } of requested) {
      const row = found.get(keys.row);
      if (row && matchesConditions(row, conditions)) rows.push(row);
    }
    return rows;
  }
}
