import type { EntityMetadata } from 'typeorm';
import type { CacheEntityConfig } from './cache-entity-config.interface.js';
import { EntityIndex } from './entity-index.js';
import { mergeCacheEntityDeclarations } from './merge-cache-entity-declarations.js';
import { readDecoratorDeclarations } from './read-decorator-declarations.js';
import { readConfigFile } from './read-config-file.js';
import { readXmlDeclarations } from './read-xml-declarations.js';

export interface LoadCacheConfigOptions {
  /**
   * Path of cache-config.xml, as messages will name it. Undefined: no XML, only `@CacheEntity`
   * configures caching. A path that cannot be read is an error.
   */
  file?: string;
  /**
   * The TypeORM entities (`dataSource.entityMetadatas`): what `po` may name, where
   * `@CacheEntity` is looked for, and what key properties are checked against.
   */
  entities: readonly EntityMetadata[];
}

/**
 * Reads cache-config.xml and the `@CacheEntity` decorators of the entities, checks both against
 * the entity metadata and merges them: one config per cached entity. Synchronous and pure (no
 * Nest), meant for start-up.
 *
 * @throws {CacheConfigError} on any problem, with the one-line message `file:line: problem`.
 */
export function loadCacheConfig(options: LoadCacheConfigOptions): CacheEntityConfig[] {
  const { file, entities } = options;
  return buildCacheConfig({
    xml: file === undefined ? undefined : { file, text: readConfigFile(file) },
    entities,
  });
}

/** `loadCacheConfig` on XML text already in memory (`xml.file` names it in messages). */
export function buildCacheConfig(options: {
  xml: { file: string; text: string } | undefined;
  entities: readonly EntityMetadata[];
}): CacheEntityConfig[] {
  const { xml, entities } = options;
  const xmlDeclarations = xml
    ? readXmlDeclarations(xml.text, xml.file, new EntityIndex(entities))
    : [];
  return mergeCacheEntityDeclarations(xmlDeclarations, readDecoratorDeclarations(entities));
}
