import type { EntityClass } from './config/cache-entity-config.interface.js';

type Row = Record<string, unknown>;
type RowConstructor = new (plain: Row) => object;

/**
 * A constructor that copies exactly `columns` from a parsed row, with the entity's prototype: one
 * fixed object shape for V8, several times cheaper on the hit path than `Object.assign` onto
 * `Object.create(prototype)`. Generated from the column names (quoted with JSON.stringify).
 */
function rowConstructor(entity: EntityClass, columns: readonly string[]): RowConstructor {
  const body = columns
    .map((column) => `this[${JSON.stringify(column)}] = plain[${JSON.stringify(column)}];`)
    .join('\n');
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- fixed code over column names
  const construct = new Function('plain', body) as unknown as RowConstructor;
  construct.prototype = entity.prototype as object;
  return construct;
}

/**
 * Whole rows to and from JSON: exactly the entity's columns, Dates as epoch milliseconds (V8
 * parses an ISO string several times slower than the whole rest of a row), and the entity's
 * prototype so that `instanceof` holds for a cached row as for a loaded one.
 */
export class RowCodec {
  private readonly construct: RowConstructor;

  constructor(
    entity: EntityClass,
    readonly columns: readonly string[],
    private readonly dateColumns: readonly string[],
  ) {
    this.construct = rowConstructor(entity, columns);
  }

  encode(row: object): string {
    const plain: Row = {};
    for (const column of this.columns) plain[column] = (row as Row)[column];
    for (const column of this.dateColumns) {
      const value = plain[column];
      if (value instanceof Date) plain[column] = value.getTime();
    }
    return JSON.stringify(plain);
  }

  decode(text: string): object {
    const row = new this.construct(JSON.parse(text) as Row) as Row;
    for (const column of this.dateColumns) {
      const value = row[column];
      if (typeof value === 'number') row[column] = new Date(value);
    }
    return row;
  }

  /** A copy of a whole row that shares nothing with it (its Dates are copied too). */
  copy(row: object): object {
    const copied = new this.construct(row as Row) as Row;
    for (const column of this.dateColumns) {
      const value = copied[column];
      if (value instanceof Date) copied[column] = new Date(value.getTime());
    }
    return copied;
  }

  /** The columns a row lacks: a partial selection, which must never be cached. */
  missingColumns(row: object): string[] {
    return this.columns.filter((column) => (row as Row)[column] === undefined);
  }
}
