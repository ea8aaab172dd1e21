import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cache's fence table is gone: writers of a row no longer exclude each other, so there is
 * nothing to fence (docs/consistency.md, "Why there is no fence"). Drops it where an earlier
 * version created it.
 */
export class DropCacheFence1732240000002 implements MigrationInterface {
  name = 'DropCacheFence1732240000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE IF EXISTS t_cache_fence');
  }

  async down(): Promise<void> {
    // Nothing to restore: no version of the cache that reads the table can run on this schema.
  }
}
