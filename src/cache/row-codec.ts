import type { EntityClass } from './config/cache-entity-config.interface.js';

type Row = Record<string, unknown>;

/**
 * Whole rows to and from JSON: exactly the entity's columns, Dates restored, and the entity's
 * prototype so that `instanceof` holds for a cached row as for a loaded one.
 */
export class RowCodec {
  constructor(
    private readonly entity: EntityClass,
    readonly columns: readonly string[],
    private readonly dateColumns: readonly string[],
  ) {}

  encode(row: object): string {
    const plain: Row = {};
    for (const column of this.columns) plain[column] = (row as Row)[column];
    return JSON.stringify(plain);
  }

  decode(text: string): object {
    const plain = JSON.parse(text) as Row;
    for (const column of this.dateColumns) {
      const value = plain[column];
      if (typeof value === 'string') plain[column] = new Date(value);
    }
    return Object.assign(Object.create(this.entity.prototype as object) as object, plain);
  }

  /** The columns a row lacks: a partial selection, which must never be cached. */
  missingColumns(row: object): string[] {
    return this.columns.filter((column) => (row as Row)[column] === undefined);
  }
}
