import type { EntityMetadata, QueryRunner } from 'typeorm';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import { parseCriteriaWrite, pinnedColumns, type CriteriaWrite } from './criteria-sql.js';

type KeyColumn = NonNullable<ReturnType<EntityMetadata['findColumnWithPropertyPath']>>;

/**
 * The rows a write by criteria touches, found just before its statement (docs/consistency.md,
 * "Ordinary TypeORM writes"): from a WHERE that pins every key column, else by a SELECT of the
 * same WHERE on the same connection.
 */
export class CriteriaWriteRows {
  /** Query runners running this class's own SELECT: their events are not writes. */
  private readonly ownQueries = new WeakSet<QueryRunner>();

  isOwnQuery(queryRunner: QueryRunner): boolean {
    return this.ownQueries.has(queryRunner);
  }

  /**
   * The keys of the rows a write by criteria touches, before and after it (a SET of a key
   * column moves the row to another key); undefined when they cannot be known.
   */
  async keysOf(
    queryRunner: QueryRunner,
    entity: CachedEntity,
    sql: string,
    parameters: readonly unknown[],
  ): Promise<CacheKeys[] | undefined> {
    const write = parseCriteriaWrite(sql, parameters);
    const metadata = queryRunner.connection.getMetadata(entity.config.entity);
    const { driver } = queryRunner.connection;
    if (!write?.table.endsWith(driver.escape(metadata.tableName))) return undefined;
    const properties = entity.config.keyProperties;
    const columns = properties.map((property) => metadata.findColumnWithPropertyPath(property)!);
    const assigned = columns.map((column) => write.assigned.get(column.databaseName));
    if (assigned.includes('raw')) return undefined;
    const moved = assigned as ({ readonly parameter: unknown } | undefined)[];
    const pinned = pinnedColumns(write.where, write.whereParameters);
    const byKey = columns.map((column) => pinned?.get(column.databaseName));
    const found = byKey.every((values) => values !== undefined)
      ? keyCombinations(byKey)
      : await this.selectKeys(queryRunner, write, columns);
    const keys = new Map<string, CacheKeys>();
    for (const raw of found) {
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      columns.forEach((column, i) => {
        const set = moved[i];
        before[properties[i]] = driver.prepareHydratedValue(raw[i], column);
        after[properties[i]] = set
          ? driver.prepareHydratedValue(set.parameter, column)
          : before[properties[i]];
      });
      for (const key of [before, after]) {
        const found = entity.keysOf(key);
        if (!('row' in found)) return undefined;
        keys.set(found.row, found);
      }
    }
    return [...keys.values()];
  }

  /**
   * The key columns of the rows the WHERE matches, on the statement's own connection (locked
   * inside a transaction, so that they cannot change before the statement runs).
   */
  private async selectKeys(
    queryRunner: QueryRunner,
    write: CriteriaWrite,
    columns: readonly KeyColumn[],
  ): Promise<unknown[][]> {
    const { driver } = queryRunner.connection;
    const select =
      `SELECT ${columns.map((column, i) => `${driver.escape(column.databaseName)} AS k${i}`).join(', ')}` +
      ` FROM ${write.table} WHERE ${write.where}${queryRunner.isTransactionActive ? ' FOR UPDATE' : ''}`;
    this.ownQueries.add(queryRunner);
    try {
      const rows = (await queryRunner.query(select, [...write.whereParameters])) as Record<
        string,
        unknown
      >[];
      return rows.map((row) => columns.map((_column, i) => row[`k${i}`]));
    } finally {
      this.ownQueries.delete(queryRunner);
    }
  }
}

/** Every combination of one value per column (composite keys pinned by IN lists). */
function keyCombinations(values: readonly unknown[][]): unknown[][] {
  return values.reduce<unknown[][]>(
    (combinations, column) => combinations.flatMap((prefix) => column.map((v) => [...prefix, v])),
    [[]],
  );
}
