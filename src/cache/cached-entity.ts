import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';
import { appendKeyValue, rowKeys, type CacheKeys } from './cache-keys.js';
import type { EntityMetrics } from './cache-metrics.js';
import type { RowCodec } from './row-codec.js';

/** Everything the aspects know about one cached entity at run time. */
export class CachedEntity {
  readonly name: string;
  readonly ttlMs: number;

  constructor(
    readonly config: CacheEntityConfig,
    readonly codec: RowCodec,
    readonly metrics: EntityMetrics,
    defaultTtlMs: number,
    private readonly ttlJitter: number,
  ) {
    this.name = config.entityName;
    this.ttlMs = config.ttlMs ?? defaultTtlMs;
  }

  /**
   * The keys of the row that `key` (property → value) names; or the key properties it fails to
   * supply (a query that is not by the whole unique index cannot be cached); or why a value
   * cannot be a key: only a string, a finite number or a bigint names one row (a TypeORM
   * operator such as `Like('a%')` would stringify to `[object Object]` and share one key).
   */
  keysOf(key: object): CacheKeys | { missing: string[] } | { invalid: string } {
    const properties = this.config.keyProperties;
    const values = key as Record<string, unknown>;
    let missing: string[] | undefined;
    for (const property of properties) {
      const value = values[property];
      if (value === undefined || value === null) (missing ??= []).push(property);
      else if (!isKeyValue(value)) return { invalid: `${property} is ${describe(value)}` };
    }
    if (missing) return { missing };
    let tag = '';
    for (let i = 0; i < properties.length; i++) tag = appendKeyValue(tag, i, values[properties[i]]);
    return rowKeys(this.config.keyPrefix, tag);
  }

  /**
   * True when the loaded row's key properties equal the requested ones exactly. MySQL may match
   * another string (a case-insensitive or PAD SPACE collation: `'pad-1 '` finds `pad-1`); that
   * row must not be cached under the requested key, which no write of it would clear.
   */
  hasKey(row: object, key: object): boolean {
    return this.config.keyProperties.every((property) => {
      const wanted = (key as Record<string, unknown>)[property];
      const actual = (row as Record<string, unknown>)[property];
      return typeof wanted === 'bigint' || typeof actual === 'bigint'
        ? String(wanted) === String(actual)
        : wanted === actual;
    });
  }

  /** The entity's TTL stretched by a random fraction in [0, jitter): no avalanche of expiries. */
  jitteredTtlMs(): number {
    return Math.round(this.ttlMs * (1 + Math.random() * this.ttlJitter));
  }
}

function isKeyValue(value: unknown): boolean {
  return (
    typeof value === 'string' ||
    typeof value === 'bigint' ||
    (typeof value === 'number' && Number.isFinite(value))
  );
}

function describe(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name && name !== 'Object' ? `a ${name}` : 'an object';
  }
  return `a ${typeof value}`;
}
