import type { EntityMetadata } from 'typeorm';
import { quote } from './cache-config.error.js';
import type { CacheEntityDeclaration } from './cache-entity-declaration.js';

type ColumnMetadata = EntityMetadata['columns'][number];

/**
 * The key properties must be columns of the entity that together form exactly one of its unique
 * keys: the primary key, a unique index or a unique constraint (docs/consistency.md, "Configure an
 * entity": the cache holds one row per key). Exactly, not a superset of one: with key (userId,
 * userLevel) an update of userLevel would leave the row cached under its old key.
 */
export function checkKeyProperties(declaration: CacheEntityDeclaration): void {
  const { metadata, keyProperties, site } = declaration;
  const columns = keyProperties.map((property, index) => {
    const column = metadata.columns.find((candidate) => candidate.propertyPath === property);
    if (!column) {
      throw site.error('keyProperties', unknownPropertyProblem(metadata, property), index);
    }
    if (column.relationMetadata) {
      throw site.error(
        'keyProperties',
        `${metadata.targetName}.${property} is a relation; key properties must be plain columns`,
        index,
      );
    }
    return column;
  });
  const uniqueKeys = uniqueKeysOf(metadata);
  if (!uniqueKeys.some((key) => sameColumns(key, columns))) {
    const listed = uniqueKeys.map((key) => `(${key.map((c) => c.propertyPath).join(', ')})`);
    throw site.error(
      'keyProperties',
      `${site.name('keyProperties')} ${quote(keyProperties.join(','))} do not form a unique ` +
        `index of ${metadata.targetName} (table ${metadata.tableName}); its unique keys are ${listed.join(', ') || 'none'}`,
    );
  }
}

function unknownPropertyProblem(metadata: EntityMetadata, property: string): string {
  const properties = metadata.columns.map((column) => column.propertyPath);
  const byColumnName = metadata.columns.find((column) => column.databaseName === property);
  const hint = byColumnName
    ? `; ${property} is the column of property ${byColumnName.propertyPath}`
    : '';
  return (
    `${metadata.targetName} has no property ${quote(property)}${hint} ` +
    `(its properties: ${properties.join(', ')})`
  );
}

/** Primary key, unique indices (MySQL keeps `@Unique` and `unique: true` as such) and uniques. */
function uniqueKeysOf(metadata: EntityMetadata): ColumnMetadata[][] {
  return [
    metadata.primaryColumns,
    // A partial index (WHERE) is unique only over part of the table.
    ...metadata.indices.filter((index) => index.isUnique && !index.where).map((i) => i.columns),
    ...metadata.uniques.map((unique) => unique.columns),
  ].filter((key) => key.length > 0);
}

function sameColumns(a: readonly ColumnMetadata[], b: readonly ColumnMetadata[]): boolean {
  return a.length === b.length && a.every((column) => b.includes(column));
}
