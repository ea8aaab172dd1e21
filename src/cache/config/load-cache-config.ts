import type { EntityMetadata } from 'typeorm';
import type { CacheEntityConfig } from './cache-entity-config.interface.js';
import { readDecoratorDeclarations } from './cache-entity.decorator.js';
import { EntityIndex } from './entity-index.js';
import { mergeCacheEntityDeclarations } from './merge-cache-entity-declarations.js';
import { readConfigFile } from './read-config-file.js';
import { validateDeclaration } from './validate-declaration.js';
import { readXmlDeclarations } from './xml-declarations.js';

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
 * Reads cache-config.xml and the `@CacheEntity` decorators of the entities, checks both with one
 * validator against the entity metadata, and merges them: one config per cached entity
 * (docs/consistency.md, "Configure an entity"). Synchronous and pure (no Nest, no connection),
 * meant for start-up.
 *
 * @throws {CacheConfigError} on any problem, with the one-line message `file:line: problem`.
 */
export function loadCacheConfig(options: LoadCacheConfigOptions): CacheEntityConfig[] {
  const { file, entities } = options;
  const index = new EntityIndex(entities);
  // The XML is checked whole before the decorators, so that its errors come first.
  const xml = file === undefined ? [] : readXmlDeclarations(readConfigFile(file), file);
  const xmlDeclarations = xml.map((raw) => validateDeclaration(raw, index));
  const decorators = readDecoratorDeclarations(entities).map((raw) =>
    validateDeclaration(raw, index),
  );
  return mergeCacheEntityDeclarations(xmlDeclarations, decorators);
}
