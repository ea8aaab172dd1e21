import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { CacheFencedError } from './cache.errors.js';

export const FENCE_TABLE = 't_cache_fence';

/**
 * The MySQL side of fencing (race 2): the highest fencing token that wrote each cached row.
 * A writer records its token inside its own transaction, before the method runs; the row lock
 * this takes serializes writers in MySQL in token order, and a writer whose token is not above
 * the recorded one (its Redis lock expired and a newer writer has committed) is rolled back.
 */
@Injectable()
export class FenceStore {
  constructor(private readonly dataSource: DataSource) {}

  /** Fails start-up with a clear message when the fence table's migration has not run. */
  async assertTableExists(): Promise<void> {
    try {
      await this.dataSource.query(`SELECT 1 FROM ${FENCE_TABLE} LIMIT 0`);
    } catch (error) {
      throw new Error(
        `the lease strategy needs the table ${FENCE_TABLE}: add CacheFenceTable1732240000001 ` +
          `(src/cache/cache-fence.migration.ts) to the DataSource's migrations`,
        { cause: error },
      );
    }
  }

  /** Records `fence` for `key` in the caller's transaction, or throws CacheFencedError. */
  async advance(manager: EntityManager, key: string, fence: string): Promise<void> {
    // Creates the row if missing and takes its exclusive lock either way (on a duplicate,
    // ON DUPLICATE KEY UPDATE locks exclusively where INSERT IGNORE took a shared lock, and two
    // writers holding that deadlocked on the upgrade): overlapping writers of a row, as after a
    // lost Redis lock, queue here instead.
    await manager.query(
      `INSERT INTO ${FENCE_TABLE} (fence_key, fence) VALUES (?, 0)
        ON DUPLICATE KEY UPDATE fence = fence`,
      [key],
    );
    const result = await manager.query<{ affectedRows: number }>(
      `UPDATE ${FENCE_TABLE} SET fence = ? WHERE fence_key = ? AND fence < ?`,
      [fence, key, fence],
    );
    if (result.affectedRows !== 1) throw new CacheFencedError(key, fence);
  }
}
