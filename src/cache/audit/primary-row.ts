import { performance } from 'node:perf_hooks';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import type { CachedEntity } from '../cached-entity.js';

/** The row as the primary has it now, with how long ago it was last written. */
export interface PrimaryRow {
  /** The whole row by its key (null: none, or only another spelling of the key). */
  readonly row: object | null;
  /**
   * How long before `readEnd` the row's update time lies, on the primary's own clock (so no
   * clock of this host is compared with MySQL's); undefined without a row or an update time.
   */
  readonly writtenAgoMs: number | undefined;
  /** `performance.now()` once both statements answered: the primary's "now" lies before it. */
  readonly readEnd: number;
}

/**
 * Reads one cached row from the primary on a query runner of its own (`'master'`, outside any
 * transaction), then the primary's clock (`NOW(3)`) on the same connection.
 */
export async function readPrimaryRow(
  dataSource: DataSource,
  entity: CachedEntity,
  key: object,
  updateTimeProperty: string | undefined,
): Promise<PrimaryRow> {
  const runner = dataSource.createQueryRunner('master');
  try {
    const where = Object.fromEntries(
      entity.config.keyProperties.map((property) => [
        property,
        (key as Record<string, unknown>)[property],
      ]),
    );
    const target = entity.config.entity as EntityTarget<ObjectLiteral>;
    const found = await runner.manager.findOne<ObjectLiteral>(target, { where });
    const [clock] = (await runner.query('SELECT NOW(3) AS now')) as { now: Date }[];
    const readEnd = performance.now();
    const row = found && entity.hasKey(found, key) ? found : null;
    const writtenAt: unknown = updateTimeProperty ? row?.[updateTimeProperty] : undefined;
    const writtenAgoMs =
      writtenAt instanceof Date ? clock.now.getTime() - writtenAt.getTime() : undefined;
    return { row, writtenAgoMs, readEnd };
  } finally {
    await runner.release();
  }
}
