import type { DataSource } from 'typeorm';
import type { CacheEntityConfig } from './cache-entity-config.interface.js';
import { CacheConfigError } from './cache-config.error.js';

/** Why a collation lets MySQL find one row by strings the cache keeps apart. */
export type CollationLaxity = 'case-insensitive' | 'accent-insensitive' | 'pad-space';

/** A key column whose collation makes different strings equal. */
export interface AmbiguousKeyCollation {
  entityName: string;
  property: string;
  table: string;
  column: string;
  collation: string;
  laxity: CollationLaxity[];
  /** One line for the start-up warning, naming the entity, the column and the collation. */
  message: string;
}

const EXAMPLES: Record<CollationLaxity, string> = {
  'case-insensitive': '"a" and "A"',
  'accent-insensitive': '"e" and "é"',
  'pad-space': '"a" and "a "',
};

/**
 * The key columns of the cached entities whose collation compares different strings as equal
 * (docs/consistency.md, "Configure an entity"): case- or accent-insensitive (`_ci`, `_ai`), or
 * PAD SPACE, which ignores trailing spaces (in MariaDB every collation but the `_nopad_` ones,
 * `utf8mb4_bin` included; MySQL 8 says which in COLLATIONS.PAD_ATTRIBUTE). With such a column a
 * read by "A" loads the row of "a". The read aspect never caches a row under another spelling
 * than its own (the loaded key is checked), but "no such row" cached under "A" outlives the
 * insert of "a" for up to the negative TTL. Start-up warns once per column; keys that callers
 * always normalise are safe.
 *
 * Reads information_schema.COLUMNS for the key columns only; a column that is not there (no
 * table yet) is not reported. Integer and binary columns have no collation.
 */
export async function findAmbiguousKeyCollations(
  dataSource: DataSource,
  configs: readonly CacheEntityConfig[],
): Promise<AmbiguousKeyCollation[]> {
  const padAttribute = await hasPadAttribute(dataSource);
  const found: AmbiguousKeyCollation[] = [];
  for (const config of configs) {
    const metadata = dataSource.getMetadata(config.entity);
    const keyColumns = config.keyProperties.map((property) => {
      const column = metadata.findColumnWithPropertyPath(property);
      if (!column) {
        throw new CacheConfigError(config.source, undefined, `no property ${property}`);
      }
      return { property, column: column.databaseName };
    });
    const rows: CollationRow[] = await dataSource.query(
      `SELECT c.COLUMN_NAME AS columnName, c.COLLATION_NAME AS collation,
              ${padAttribute ? 'k.PAD_ATTRIBUTE' : 'NULL'} AS padAttribute
         FROM information_schema.COLUMNS c
         LEFT JOIN information_schema.COLLATIONS k ON k.COLLATION_NAME = c.COLLATION_NAME
        WHERE c.TABLE_SCHEMA = COALESCE(?, DATABASE()) AND c.TABLE_NAME = ?
          AND c.COLUMN_NAME IN (${keyColumns.map(() => '?').join(', ')})`,
      [metadata.database ?? null, metadata.tableName, ...keyColumns.map((k) => k.column)],
    );
    for (const { property, column } of keyColumns) {
      const row = rows.find((candidate) => candidate.columnName === column);
      if (!row?.collation) continue;
      const laxity = laxityOf(row.collation, row.padAttribute);
      if (laxity.length === 0) continue;
      found.push({
        entityName: config.entityName,
        property,
        table: metadata.tableName,
        column,
        collation: row.collation,
        laxity,
        message: messageOf(
          config.entityName,
          property,
          metadata.tableName,
          column,
          row.collation,
          laxity,
        ),
      });
    }
  }
  return found;
}

interface CollationRow {
  columnName: string;
  collation: string | null;
  padAttribute: string | null;
}

/** MySQL 8 has COLLATIONS.PAD_ATTRIBUTE; MariaDB (10.2 to 11) has not, and names NO PAD ones. */
async function hasPadAttribute(dataSource: DataSource): Promise<boolean> {
  const rows: unknown[] = await dataSource.query(
    `SELECT 1 FROM information_schema.COLUMNS
      WHERE TABLE_SCHEMA = 'information_schema' AND TABLE_NAME = 'COLLATIONS'
        AND COLUMN_NAME = 'PAD_ATTRIBUTE'`,
  );
  return rows.length > 0;
}

/** From the collation's name (`utf8mb4_0900_ai_ci`, `utf8mb4_general_nopad_ci`) and pad attribute. */
export function laxityOf(collation: string, padAttribute: string | null): CollationLaxity[] {
  const parts = collation.toLowerCase().split('_');
  const laxity: CollationLaxity[] = [];
  if (parts.includes('ci')) laxity.push('case-insensitive');
  if (parts.includes('ai')) laxity.push('accent-insensitive');
  const padSpace = padAttribute
    ? padAttribute.toUpperCase() === 'PAD SPACE'
    : !parts.includes('nopad');
  if (padSpace) laxity.push('pad-space');
  return laxity;
}

function messageOf(
  entityName: string,
  property: string,
  table: string,
  column: string,
  collation: string,
  laxity: readonly CollationLaxity[],
): string {
  const equal = laxity.map((l) => EXAMPLES[l]).join(', ');
  return (
    `${entityName}.${property}: key column ${table}.${column} has collation ${collation} ` +
    `(${laxity.join(', ')}), so MySQL finds one row by keys the cache keeps apart (${equal}); ` +
    `a row is never cached under another spelling than its own, but a cached absence under ` +
    `another spelling outlives an insert for up to the negative TTL. ` +
    `Use a _nopad_bin collation or normalise the key before it reaches the cache`
  );
}
