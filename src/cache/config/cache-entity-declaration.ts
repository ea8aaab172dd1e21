import type { EntityMetadata } from 'typeorm';
import type { CacheConfigError } from './cache-config.error.js';
import type { CacheExpire } from './cache-entity-options.interface.js';

export type CacheSetting = 'entity' | 'keyPrefix' | 'keyProperties' | 'poThrows' | 'expire';

/**
 * The settings that one source, a `<cache-entity>` element or a `@CacheEntity` decorator, gives
 * for one entity, checked for form. Settings left out are undefined, so that merging can tell
 * "not given" from "given as the default".
 */
export interface CacheEntityDeclaration {
  metadata: EntityMetadata;
  keyPrefix: string;
  keyProperties: string[];
  expire: CacheExpire | undefined;
  poThrows: boolean | undefined;
  /** `cache-config.xml:3` or `@CacheEntity(UserAuthInfo)`. */
  source: string;
  /** How this source spells each setting: `key-prefix` in the XML, `keyPrefix` in the decorator. */
  names: Readonly<Record<CacheSetting, string>>;
  /** An error located at the setting (for a key property, at the element that lists it). */
  error(setting: CacheSetting, problem: string, keyProperty?: string): CacheConfigError;
}
