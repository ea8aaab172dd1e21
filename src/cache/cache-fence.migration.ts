import type { MigrationInterface, QueryRunner } from 'typeorm';
import { FENCE_TABLE } from './fence-store.js';

/**
 * The table the `lease` strategy fences writers with (see `FenceStore`): one row per cached row
 * that has been written, holding the highest fencing token applied. Add this migration to your
 * DataSource's `migrations` when you use the `lease` strategy.
 */
export class CacheFenceTable1732240000001 implements MigrationInterface {
  name = 'CacheFenceTable1732240000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE ${FENCE_TABLE} (
        fence_key VARCHAR(1000) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
        fence BIGINT UNSIGNED NOT NULL,
        PRIMARY KEY (fence_key)
      ) ENGINE=InnoDB`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE ${FENCE_TABLE}`);
  }
}
