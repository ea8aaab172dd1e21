import type { EntityMetadata } from 'typeorm';
import type { CacheConfigError } from './cache-config.error.js';
import type { CacheExpire } from './cache-entity-config.interface.js';

/** The settings of a declaration that an error can point at (`expire` is the pair). */
export type CacheSetting =
  'entity' | 'keyPrefix' | 'keyProperties' | 'poThrows' | 'expire' | 'expire.value' | 'expire.unit';

/**
 * Where a declaration comes from, in its own words: how it spells each setting and where each
 * one is, so that one validator can word and locate errors for the XML and the decorator alike.
 */
export interface DeclarationSite {
  /** `cache-config.xml:3` or `@CacheEntity(UserAuthInfo)`: what other messages cite. */
  readonly source: string;
  /** The setting as this source spells it: `key-prefix` in the XML, `keyPrefix` in the decorator. */
  name(setting: CacheSetting): string;
  /** How this source asks for the module's default TTL ("omit expire"). */
  readonly defaultTtl: string;
  /**
   * An error at `setting` (undefined: the declaration as a whole); for a key property, `index`
   * is its position in the key, which in the XML may be listed over several elements.
   */
  error(setting: CacheSetting | undefined, problem: string, index?: number): CacheConfigError;
}

/**
 * What one source, a `<cache-entity>` element or a `@CacheEntity` decorator, declares for one
 * entity, unchecked and in the decorator's shape: the XML reader turns `key-expire="10"
 * key-expire-time-unit="MINUTES"` into `expire: { value: 10, unit: 'MINUTES' }` and passes a
 * value that does not convert (`"ten"`) on as written, for the one validator to reject.
 */
export interface RawCacheEntityDeclaration {
  /** The decorated class's metadata, or the XML's `po`, which is to name one. */
  entity: EntityMetadata | { po: string | undefined };
  /** Meant to be `CacheEntityOptions`. */
  options: unknown;
  site: DeclarationSite;
}

/** A declaration once validated: its entity found, every setting of the right form. */
export interface CacheEntityDeclaration {
  metadata: EntityMetadata;
  keyPrefix: string;
  keyProperties: string[];
  /** Undefined when the source leaves it out, so that merging tells it from the default. */
  expire: CacheExpire | undefined;
  poThrows: boolean | undefined;
  site: DeclarationSite;
}
