import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { CACHEABLE_METADATA, CACHE_EVICT_METADATA } from './cache.constants.js';
import { CacheMisuseError } from './cache.errors.js';
import { CacheEntityRegistry } from './cache-entity-registry.js';
import type { CacheableOptions } from './decorators/cacheable.decorator.js';
import type { CacheEvictOptions } from './decorators/cache-evict.decorator.js';
import type { EntityClass } from './config/cache-entity-config.interface.js';
import { decoratedClasses } from './decorators/decorated-classes.js';
import { CachedBatchInterceptor } from './interceptors/cached-batch.interceptor.js';
import { CachedMethod } from './interceptors/cached-method.js';
import { CachedReadInterceptor } from './interceptors/cached-read.interceptor.js';
import { CacheWriteInterceptor } from './interceptors/cache-write.interceptor.js';
import type { MethodInterceptor } from './method-interceptor.interface.js';
import { PrimaryReads } from './replication/primary-reads.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any decorated method
type AnyMethod = (...args: any[]) => Promise<unknown>;

const NOT_A_SINGLETON =
  'is on a request-scoped or transient provider, whose instances are made after start-up, when ' +
  'the cache wraps methods: give the class the default (singleton) scope';
const A_CONTROLLER =
  'is on a controller, whose routes Nest binds before the cache could wrap them: put it on a ' +
  'provider (a repository) that the controller calls';
const NOT_A_PROVIDER =
  'is on a class that no module provides, so nothing wraps it and its calls would skip the ' +
  'cache: add the class to a module’s providers';

/**
 * At module init, replaces every `@Cacheable` and `@CacheEvict` method of every provider, on the
 * instance, with a call through its interceptor (as @nestjs/schedule finds `@Cron`):
 * `CachedReadInterceptor`, `CachedBatchInterceptor` or `CacheWriteInterceptor`. A decorated
 * method of an entity that is not configured stops start-up.
 */
@Injectable()
export class CacheExplorer implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: CacheEntityRegistry,
    private readonly reads: CachedReadInterceptor,
    private readonly batchReads: CachedBatchInterceptor,
    private readonly writes: CacheWriteInterceptor,
    private readonly primaryReads: PrimaryReads,
  ) {}

  /**
   * Wraps the decorated methods of every singleton provider. A decorated method that cannot be
   * wrapped stops start-up, naming the class, the method and why: nothing else would tell the
   * user that its calls skip the cache.
   */
  onModuleInit(): void {
    const seen = new Set<object>();
    const provided = new Set<unknown>();
    for (const wrapper of this.discovery.getProviders()) {
      provided.add(wrapper.metatype);
      const instance: unknown = wrapper.instance;
      if (!wrapper.isDependencyTreeStatic()) {
        this.refuse(wrapper.metatype, NOT_A_SINGLETON);
        continue;
      }
      if (!instance || typeof instance !== 'object' || seen.has(instance)) continue;
      seen.add(instance);
      provided.add(instance.constructor);
      const prototype = Object.getPrototypeOf(instance) as object | null;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        this.wrap(instance as Record<string, unknown>, name);
      }
    }
    for (const wrapper of this.discovery.getControllers()) {
      provided.add(wrapper.metatype);
      this.refuse(wrapper.metatype, A_CONTROLLER);
    }
    for (const decorated of decoratedClasses) {
      if (!provided.has(decorated)) this.refuse(decorated, NOT_A_PROVIDER);
    }
  }

  /** Throws when `metatype` has a decorated method. */
  private refuse(metatype: unknown, why: string): void {
    if (typeof metatype !== 'function' || !metatype.prototype) return;
    const prototype = metatype.prototype as Record<string, unknown>;
    for (const name of this.scanner.getAllMethodNames(prototype)) {
      const method = prototype[name];
      if (typeof method !== 'function') continue;
      if (
        this.reflector.get(CACHEABLE_METADATA, method) ||
        this.reflector.get(CACHE_EVICT_METADATA, method)
      ) {
        throw new CacheMisuseError(`${metatype.name}.${name}`, why);
      }
    }
  }

  private wrap(instance: Record<string, unknown>, methodName: string): void {
    const method = instance[methodName];
    if (typeof method !== 'function') return;
    const original = method as AnyMethod;
    const label = `${instance.constructor.name}.${methodName}`;
    const read = this.reflector.get<CacheableOptions | undefined>(CACHEABLE_METADATA, original);
    const write = this.reflector.get<CacheEvictOptions | undefined>(CACHE_EVICT_METADATA, original);
    const options = read ?? write;
    if (!options) return;
    const metadata = new CachedMethod(label, this.entity(options.entity, label), options);
    const interceptor: MethodInterceptor<CachedMethod<never>> = !read
      ? this.writes
      : 'keys' in read
        ? this.batchReads
        : this.reads;
    // The method's own queries read the primary, never a replica that may lag behind: a read's
    // load may fill the cache, a bypass must be no staler than the primary, and a write reads
    // its own rows back (docs/consistency.md, "Read replicas").
    const primaryReads = this.primaryReads;
    const cached = function (this: object, ...args: unknown[]): Promise<unknown> {
      return interceptor.intercept(
        { instance: this, methodName, args, metadata: metadata as CachedMethod<never> },
        (nextArgs = args) => primaryReads.run(() => original.apply(this, nextArgs as unknown[])),
      );
    };
    // Other decorators' metadata (a `@DistributedLock` on the same method) stays readable; the
    // cache's own does not, so the replacement is never wrapped again.
    for (const key of Reflect.getMetadataKeys(original) as unknown[]) {
      if (key === CACHEABLE_METADATA || key === CACHE_EVICT_METADATA) continue;
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), cached);
    }
    Object.defineProperty(cached, 'name', { value: original.name });
    instance[methodName] = cached;
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
