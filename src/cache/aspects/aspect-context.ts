import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type { SingleFlight } from '../single-flight.js';
import type { CacheStrategy, MissOutcome } from '../strategies/cache-strategy.interface.js';
import type { CacheWriter } from '../writes/cache-writer.js';

/** The services every aspect uses, injected once into `CacheExplorer`. */
export interface AspectContext {
  readonly redis: CacheRedis;
  readonly strategy: CacheStrategy;
  readonly probe: CacheProbe;
  readonly options: ResolvedCacheOptions;
  readonly flights: SingleFlight<MissOutcome>;
  readonly writer: CacheWriter;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any decorated method
export type AnyMethod = (...args: any[]) => Promise<unknown>;
