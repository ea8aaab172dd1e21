import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import {
  CACHEABLE_METADATA,
  CACHE_EVICT_METADATA,
  CACHE_OPTIONS,
  CACHE_STRATEGY,
} from './cache.constants.js';
import { CacheMisuseError } from './cache.errors.js';
import { CacheEntityRegistry } from './cache-entity-registry.js';
import { CacheProbe } from './cache-probe.js';
import { CacheRedis } from './cache-redis.js';
import type { ResolvedCacheOptions } from './cache-module-options.interface.js';
import type { CacheableOptions } from './decorators/cacheable.decorator.js';
import type { CacheEvictOptions } from './decorators/cache-evict.decorator.js';
import type { EntityClass } from './config/cache-entity-config.interface.js';
import { SingleFlight } from './single-flight.js';
import type { CacheStrategy, MissOutcome } from './strategies/cache-strategy.interface.js';
import { CacheWriter } from './writes/cache-writer.js';
import type { AnyMethod, AspectContext } from './aspects/aspect-context.js';
import { CachedReadAspect } from './aspects/cached-read.aspect.js';
import { CacheWriteAspect } from './aspects/cache-write.aspect.js';

/**
 * At module init, wraps every `@Cacheable` and `@CacheEvict` method of every provider with its
 * aspect (as @nestjs/schedule finds `@Cron`). A decorated method of an entity that is not
 * configured stops start-up.
 */
@Injectable()
export class CacheExplorer implements OnModuleInit {
  private readonly context: AspectContext;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: CacheEntityRegistry,
    redis: CacheRedis,
    probe: CacheProbe,
    writer: CacheWriter,
    @Inject(CACHE_STRATEGY) strategy: CacheStrategy,
    @Inject(CACHE_OPTIONS) options: ResolvedCacheOptions,
  ) {
    this.context = {
      redis,
      strategy,
      probe,
      options,
      writer,
      flights: new SingleFlight<MissOutcome>(),
    };
  }

  onModuleInit(): void {
    const seen = new Set<object>();
    for (const wrapper of this.discovery.getProviders()) {
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      if (!wrapper.isDependencyTreeStatic()) continue;
      seen.add(instance);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        this.wrap(instance as Record<string, unknown>, name);
      }
    }
  }

  private wrap(instance: Record<string, unknown>, name: string): void {
    const method = instance[name];
    if (typeof method !== 'function') return;
    const original = method as AnyMethod;
    const label = `${instance.constructor.name}.${name}`;
    const read = this.reflector.get<CacheableOptions | undefined>(CACHEABLE_METADATA, original);
    const write = this.reflector.get<CacheEvictOptions | undefined>(CACHE_EVICT_METADATA, original);
    if (read) {
      const aspect = new CachedReadAspect(
        this.context,
        this.entity(read.entity, label),
        read,
        original,
        label,
      );
      instance[name] = function cachedRead(this: object, ...args: unknown[]) {
        return aspect.invoke(this, args);
      };
    } else if (write) {
      const aspect = new CacheWriteAspect(
        this.context,
        this.entity(write.entity, label),
        write,
        original,
        label,
      );
      instance[name] = function cacheWrite(this: object, ...args: unknown[]) {
        return aspect.invoke(this, args);
      };
    }
  }

  private entity(entity: EntityClass, method: string) {
    const cached = this.registry.get(entity);
    if (!cached) {
      throw new CacheMisuseError(
        method,
        `entity ${entity.name} is not configured for caching (cache-config.xml or @CacheEntity)`,
      );
    }
    return cached;
  }
}
