import type { EntityMetadata } from 'typeorm';
import type { CacheConfigError } from './cache-config.error.js';
import { quote } from './cache-config.error.js';
import type { CacheEntityConfig, EntityClass } from './cache-entity-config.interface.js';
import type { CacheEntityDeclaration, CacheSetting } from './cache-entity-declaration.js';
import type { CacheExpire } from './cache-entity-config.interface.js';
import { expireMs } from './validate-declaration.js';

/**
 * One config per entity configured by the XML, the decorator or both (XML order first, then the
 * decorated entities the XML leaves out). A setting given in both places must agree, and one
 * given in one place is taken from it (docs/consistency.md, "Configure an entity"); an entity is
 * configured once per source, and a key prefix is used by one entity only.
 */
export function mergeCacheEntityDeclarations(
  xml: readonly CacheEntityDeclaration[],
  decorators: readonly CacheEntityDeclaration[],
): CacheEntityConfig[] {
  const xmlByEntity = new Map<EntityMetadata, CacheEntityDeclaration>();
  for (const declaration of xml) {
    const earlier = xmlByEntity.get(declaration.metadata);
    if (earlier) {
      throw declaration.site.error(
        'entity',
        `${declaration.metadata.targetName} is already configured at ${earlier.site.source}`,
      );
    }
    xmlByEntity.set(declaration.metadata, declaration);
  }
  const decoratorByEntity = new Map(decorators.map((d) => [d.metadata, d]));
  const merged = [
    ...xml.map((declaration) => merge(declaration, decoratorByEntity.get(declaration.metadata))),
    ...decorators
      .filter((declaration) => !xmlByEntity.has(declaration.metadata))
      .map((declaration) => merge(declaration, undefined)),
  ];
  checkUniquePrefixes(merged);
  return merged.map(({ config }) => config);
}

interface Merged {
  config: CacheEntityConfig;
  /** The declaration that an error about the merged config points at. */
  declaration: CacheEntityDeclaration;
}

function merge(first: CacheEntityDeclaration, second: CacheEntityDeclaration | undefined): Merged {
  if (second) {
    agree(first, second, 'keyPrefix', (d) => d.keyPrefix, quote);
    agree(
      first,
      second,
      'keyProperties',
      (d) => d.keyProperties,
      (list) => quote(list.join(',')),
    );
    agree(first, second, 'poThrows', (d) => d.poThrows, String);
    agree(first, second, 'expire', (d) => d.expire, formatExpire, expireMs);
  }
  const expire = first.expire ?? second?.expire;
  const config: CacheEntityConfig = {
    entity: first.metadata.target as EntityClass,
    entityName: first.metadata.targetName,
    keyPrefix: first.keyPrefix,
    keyProperties: [...first.keyProperties],
    ttlMs: expire && expireMs(expire),
    poThrows: first.poThrows ?? second?.poThrows ?? true,
    source: second ? `${first.site.source} and ${second.site.source}` : first.site.source,
  };
  return { config, declaration: first };
}

/**
 * Throws, at `first`'s setting, when both give the setting with different values; `same` maps a
 * value to what must be equal (a TTL may be written in another unit).
 */
function agree<T>(
  first: CacheEntityDeclaration,
  second: CacheEntityDeclaration,
  setting: CacheSetting,
  get: (declaration: CacheEntityDeclaration) => T | undefined,
  format: (value: T) => string,
  same: (value: T) => unknown = format,
): void {
  const [a, b] = [get(first), get(second)];
  if (a === undefined || b === undefined || same(a) === same(b)) return;
  throw first.site.error(
    setting,
    `${first.metadata.targetName}: ${first.site.name(setting)} ${format(a)} disagrees with ` +
      `${second.site.name(setting)} ${format(b)} of ${second.site.source}`,
  );
}

function formatExpire(expire: CacheExpire): string {
  return `${expire.value} ${expire.unit}`;
}

function checkUniquePrefixes(merged: readonly Merged[]): void {
  const byPrefix = new Map<string, Merged>();
  for (const entry of merged) {
    const earlier = byPrefix.get(entry.config.keyPrefix);
    if (earlier) throw duplicatePrefix(entry, earlier);
    byPrefix.set(entry.config.keyPrefix, entry);
  }
}

function duplicatePrefix(entry: Merged, earlier: Merged): CacheConfigError {
  const { site } = entry.declaration;
  return site.error(
    'keyPrefix',
    `${site.name('keyPrefix')} ${quote(entry.config.keyPrefix)} is already used by ` +
      `${earlier.config.entityName} (${earlier.declaration.site.source})`,
  );
}
