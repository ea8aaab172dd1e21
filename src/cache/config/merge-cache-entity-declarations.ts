import type { EntityMetadata } from 'typeorm';
import type { CacheConfigError } from './cache-config.error.js';
import { quote } from './cache-config.error.js';
import type { CacheEntityConfig, EntityClass } from './cache-entity-config.interface.js';
import type { CacheEntityDeclaration, CacheSetting } from './cache-entity-declaration.js';
import type { CacheExpire } from './cache-entity-options.interface.js';
import { expireMs } from './cache-entity-settings.js';
import { checkKeyProperties } from './check-key-properties.js';

/**
 * One config per entity configured by the XML, the decorator or both (XML order first, then the
 * decorated entities the XML leaves out). A setting given in both places must agree; a setting
 * given in one is taken from it. Key properties are checked against the entity in each source,
 * so that an error points at the source that has it.
 */
export function mergeCacheEntityDeclarations(
  xml: readonly CacheEntityDeclaration[],
  decorators: readonly CacheEntityDeclaration[],
): CacheEntityConfig[] {
  const xmlByEntity = new Map<EntityMetadata, CacheEntityDeclaration>();
  for (const declaration of xml) {
    const earlier = xmlByEntity.get(declaration.metadata);
    if (earlier) {
      throw declaration.error(
        'entity',
        `${declaration.metadata.targetName} is already configured at ${earlier.source}`,
      );
    }
    checkKeyProperties(declaration);
    xmlByEntity.set(declaration.metadata, declaration);
  }
  decorators.forEach(checkKeyProperties);

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
    agree(first, second, 'keyPrefix', first.keyPrefix, second.keyPrefix, quote);
    agree(first, second, 'keyProperties', first.keyProperties, second.keyProperties, (list) =>
      quote(list.join(',')),
    );
    agree(first, second, 'poThrows', first.poThrows, second.poThrows, String);
    agree(first, second, 'expire', first.expire, second.expire, formatExpire);
  }
  const expire = first.expire ?? second?.expire;
  const config: CacheEntityConfig = {
    entity: first.metadata.target as EntityClass,
    entityName: first.metadata.targetName,
    keyPrefix: first.keyPrefix,
    keyProperties: [...first.keyProperties],
    ttlMs: expire && expireMs(expire),
    poThrows: first.poThrows ?? second?.poThrows ?? true,
    source: second ? `${first.source} and ${second.source}` : first.source,
  };
  return { config, declaration: first };
}

/** Throws, at `first`'s setting, when both sources give the setting with different values. */
function agree<T>(
  first: CacheEntityDeclaration,
  second: CacheEntityDeclaration,
  setting: CacheSetting,
  a: T | undefined,
  b: T | undefined,
  format: (value: T) => string,
): void {
  if (a === undefined || b === undefined || format(a) === format(b)) return;
  if (setting === 'expire' && expireMs(a as CacheExpire) === expireMs(b as CacheExpire)) return;
  throw first.error(
    setting,
    `${first.metadata.targetName}: ${first.names[setting]} ${format(a)} disagrees with ` +
      `${second.names[setting]} ${format(b)} of ${second.source}`,
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
  const { declaration, config } = entry;
  return declaration.error(
    'keyPrefix',
    `${declaration.names.keyPrefix} ${quote(config.keyPrefix)} is already used by ` +
      `${earlier.config.entityName} (${earlier.declaration.source})`,
  );
}
