import 'reflect-metadata';
import { CACHE_ENTITY_METADATA } from './cache-config.constants.js';
import type { CacheEntityOptions } from './cache-entity-options.interface.js';

/**
 * Caches a TypeORM entity, as a `<cache-entity>` of cache-config.xml would:
 *
 * ```ts
 * @CacheEntity({ keyPrefix: 'SYSTEM_Person', keyProperties: ['userId'], expire: { value: 10, unit: 'MINUTES' } })
 * @Entity({ name: 't_user_auth_info' })
 * export class UserAuthInfo { ... }
 * ```
 *
 * It only attaches the options; they are validated at start-up by `loadCacheConfig`, together
 * with cache-config.xml (a setting given in both places must agree).
 */
export function CacheEntity(options: CacheEntityOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CACHE_ENTITY_METADATA, Object.freeze({ ...options }), target);
  };
}

/** The options of `@CacheEntity` on this very class (not inherited), unchecked. */
export function getCacheEntityOptions(target: object): unknown {
  return Reflect.getOwnMetadata(CACHE_ENTITY_METADATA, target) as unknown;
}
