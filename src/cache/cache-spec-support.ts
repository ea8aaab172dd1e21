/**
 * Helpers for the cache's own unit specs (kept inside `src/cache` so that the module imports
 * nothing from outside it, specs included). Not exported by `index.ts` or `testing.ts`.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { CacheAuditor } from './audit/cache-auditor.js';
import { CachedEntity } from './cached-entity.js';
import {
  CACHE_OPTION_DEFAULTS,
  type ResolvedCacheOptions,
} from './cache-module-options.interface.js';
import type { CacheCount, CacheRequestResult, EntityMetrics } from './cache-observer.js';
import { CacheRedis } from './cache-redis.js';
import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';
import { RowCodec } from './row-codec.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A count a spec reads back. */
export class Tally implements CacheCount {
  n = 0;

  inc(): void {
    this.n++;
  }
}

type Tallies = { [K in keyof EntityMetrics]: K extends 'requests' ? never : Tally };

/** Entity metrics whose every count is a `Tally`. */
export interface TalliedMetrics extends Omit<Tallies, 'requests'> {
  readonly requests: Record<CacheRequestResult, Tally>;
}

function talliedMetrics(): TalliedMetrics {
  return {
    requests: {
      hit: new Tally(),
      miss: new Tally(),
      bypass: new Tally(),
      negative_hit: new Tally(),
      unavailable: new Tally(),
    },
    stored: new Tally(),
    rejected: new Tally(),
    keyMismatch: new Tally(),
    dbLoad: new Tally(),
    invalidationFailed: new Tally(),
    unkeyedWrite: new Tally(),
  };
}

/** The entity of the specs: a plain class, no TypeORM. */
export class Thing {
  id!: string;
  name!: string | null;
  updatedAt!: Date;
}

export function thing(id: string, name: string | null = `name of ${id}`): Thing {
  return Object.assign(new Thing(), { id, name, updatedAt: new Date(1_700_000_000_000) });
}

/** `Thing` as the cache knows it, keyed by `id` under the prefix `THING`. */
export function thingEntity(poThrows = true): CachedEntity & { metrics: TalliedMetrics } {
  const config: CacheEntityConfig = {
    entity: Thing,
    entityName: 'Thing',
    keyPrefix: 'THING',
    keyProperties: ['id'],
    ttlMs: 60_000,
    poThrows,
    source: 'cache-spec-support.ts',
  };
  const codec = new RowCodec(Thing, ['id', 'name', 'updatedAt'], ['updatedAt']);
  const entity = new CachedEntity(config, codec, talliedMetrics(), 60_000, 0);
  return entity as CachedEntity & { metrics: TalliedMetrics };
}

/** The module's defaults with these settings. */
export function specOptions(settings: Partial<ResolvedCacheOptions> = {}): ResolvedCacheOptions {
  return { ...CACHE_OPTION_DEFAULTS, ...settings };
}

/**
 * A client of the shared Redis under a key prefix no other run uses, failing fast like the
 * demo's (no offline queue); `raw` sees the same keys, prefix included in its commands.
 */
export class SpecRedis {
  readonly prefix = `cache_spec_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}:`;
  readonly client = new Redis(REDIS_URL, { keyPrefix: this.prefix, enableOfflineQueue: false });
  readonly cache = new CacheRedis(this.client);

  /** Resolves once connected: commands before that would fail (no offline queue). */
  async ready(): Promise<this> {
    if (this.client.status !== 'ready') {
      await new Promise((resolve) => this.client.once('ready', resolve));
    }
    return this;
  }

  /** Deletes this run's keys (SCAN by prefix; never FLUSH: the Redis is shared), disconnects. */
  async close(): Promise<void> {
    const unprefixed = new Redis(REDIS_URL);
    let cursor = '0';
    do {
      const [next, keys] = await unprefixed.scan(cursor, 'MATCH', `${this.prefix}*`, 'COUNT', 500);
      if (keys.length) await unprefixed.del(...keys);
      cursor = next;
    } while (cursor !== '0');
    unprefixed.disconnect();
    this.client.disconnect();
  }
}

/**
 * A `CacheRedis` whose every command fails at once ("Connection is closed"): Redis unreachable.
 * Its client tried a closed port once and gave up, so it holds no socket and no timer.
 */
export async function unreachableRedis(): Promise<CacheRedis> {
  const client = new Redis('redis://127.0.0.1:1', {
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  await new Promise((resolve) => client.once('end', resolve));
  return new CacheRedis(client);
}

/** An auditor that samples nothing: the interceptors' specs are not about audits. */
export const NO_AUDITS = { sample: () => undefined } as unknown as CacheAuditor;

/** A promise with its resolver: a deterministic barrier between two sides of a spec. */
export function signal<T = void>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}
