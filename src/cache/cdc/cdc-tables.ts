import type { DataSource } from 'typeorm';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';

/** A row image of the binlog: column name → value. */
export type RowImage = Record<string, unknown>;

/** The table of one cached entity, as the binlog names it. */
export interface CdcTable {
  readonly entity: CachedEntity;
  readonly schema: string;
  readonly table: string;
  /** The key properties' column names, in key order. */
  readonly keyColumns: readonly string[];
}

/** A row's cache keys and its key column values (for the commit barrier's query). */
export interface ImageKey {
  readonly keys: CacheKeys;
  readonly values: readonly unknown[];
}

/**
 * Which binlog tables are cached entities, and the cache key of a row image. The binlog names a
 * table by schema and table name, and a row's values by column name; the cache knows entity
 * classes and key properties: the TypeORM metadata maps one to the other.
 */
export class CdcTables {
  private readonly byName = new Map<string, CdcTable>();

  constructor(entities: readonly CachedEntity[], dataSource: DataSource, database: string) {
    for (const entity of entities) {
      const metadata = dataSource.getMetadata(entity.config.entity);
      const keyColumns = entity.config.keyProperties.map((property) => {
        const column = metadata.findColumnWithPropertyName(property);
        if (!column) throw new Error(`${entity.name}.${property} has no column`);
        return column.databaseName;
      });
      const table: CdcTable = {
        entity,
        schema: metadata.database ?? database,
        table: metadata.tableName,
        keyColumns,
      };
      this.byName.set(nameOf(table.schema, table.table), table);
    }
  }

  get all(): CdcTable[] {
    return [...this.byName.values()];
  }

  find(schema: string, table: string): CdcTable | undefined {
    return this.byName.get(nameOf(schema, table));
  }

  /** zongji's `includeSchema`: only these tables' row events are decoded. */
  includeSchema(): Record<string, string[]> {
    const schemas: Record<string, string[]> = {};
    for (const { schema, table } of this.byName.values()) (schemas[schema] ??= []).push(table);
    return schemas;
  }

  /**
   * The cache key of `image`, or why there is none: a key column missing from the image
   * (binlog_row_image=MINIMAL, refused at start-up) or a value that is no key (NULL, binary).
   */
  keyOf(table: CdcTable, image: RowImage): ImageKey | { invalid: string } {
    const values = table.keyColumns.map((column) => image[column]);
    const key = Object.fromEntries(
      table.entity.config.keyProperties.map((property, i) => [property, values[i]]),
    );
    const keys = table.entity.keysOf(key);
    if ('missing' in keys) return { invalid: `no value for ${keys.missing.join(', ')}` };
    if ('invalid' in keys) return { invalid: keys.invalid };
    return { keys, values };
  }
}

function nameOf(schema: string, table: string): string {
  return `${schema}\u0000${table}`;
}
