import 'reflect-metadata';
import type { EntityMetadata } from 'typeorm';
import { CacheConfigError } from './cache-config.error.js';
import type { CacheExpire } from './cache-entity-config.interface.js';
import type { DeclarationSite, RawCacheEntityDeclaration } from './cache-entity-declaration.js';
import { isClassEntity } from './entity-index.js';

/** The settings of `@CacheEntity`: those of a `<cache-entity>` of cache-config.xml. */
export interface CacheEntityOptions {
  /** `key-prefix`: unique across entities, `[A-Za-z0-9_.-]+`. */
  keyPrefix: string;
  /** `key-properties`: entity properties, in key order, that together form a unique index. */
  keyProperties: readonly string[];
  /** `key-expire` + `key-expire-time-unit`; omitted means the cache module's default TTL. */
  expire?: CacheExpire;
  /** `po-throws`; omitted means true. */
  poThrows?: boolean;
}

const CACHE_ENTITY_METADATA = 'consistent-cache:cache-entity';

/**
 * Caches a TypeORM entity, as a `<cache-entity>` of cache-config.xml would
 * (docs/consistency.md, "Configure an entity"):
 *
 * ```ts
 * @CacheEntity({ keyPrefix: 'SYSTEM_Person', keyProperties: ['userId'], expire: { value: 10, unit: 'MINUTES' } })
 * @Entity({ name: 't_user_auth_info' })
 * export class UserAuthInfo { ... }
 * ```
 *
 * It only attaches the options; `loadCacheConfig` validates them at start-up, with the XML.
 */
export function CacheEntity(options: CacheEntityOptions): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(CACHE_ENTITY_METADATA, Object.freeze({ ...options }), target);
  };
}

/**
 * The `@CacheEntity` options of the entities (on the class itself, not inherited), unchecked:
 * they are typed, but JavaScript callers and `as` casts get past the types, so they go through
 * the validator the XML goes through.
 */
export function readDecoratorDeclarations(
  metadatas: readonly EntityMetadata[],
): RawCacheEntityDeclaration[] {
  return metadatas.filter(isClassEntity).flatMap((metadata) => {
    const options = Reflect.getOwnMetadata(CACHE_ENTITY_METADATA, metadata.target) as unknown;
    if (options === undefined) return [];
    return [{ entity: metadata, options, site: decoratorSite(metadata.targetName) }];
  });
}

/** A decorator has no lines: every error names the decorator, and the option in the problem. */
function decoratorSite(className: string): DeclarationSite {
  const source = `@CacheEntity(${className})`;
  return {
    source,
    name: (setting) => setting,
    defaultTtl: 'omit expire',
    error: (_setting, problem) => new CacheConfigError(source, undefined, problem),
  };
}
