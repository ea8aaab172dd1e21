import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The demo's three tables (README, "The API in short"). `user_id` compares byte for byte (utf8mb4_bin) so that
 * MySQL's notion of "the same row" matches the cache key exactly: with a case-insensitive
 * collation `Alice` and `alice` would be one row but two cache entries.
 * `t_inventory.fence` holds the highest distributed-lock fencing token that wrote the row.
 */
export class InitialSchema1732240000000 implements MigrationInterface {
  name = 'InitialSchema1732240000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE t_user_auth_info (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        user_id VARCHAR(64) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
        user_level INT NOT NULL,
        nickname VARCHAR(64) NULL,
        version INT NOT NULL DEFAULT 1,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        UNIQUE KEY uq_user_auth_info_user_id (user_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE t_inventory (
        goods_id BIGINT UNSIGNED NOT NULL,
        number INT NOT NULL,
        version INT NOT NULL DEFAULT 1,
        fence BIGINT UNSIGNED NOT NULL DEFAULT 0,
        updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3) ON UPDATE CURRENT_TIMESTAMP(3),
        PRIMARY KEY (goods_id),
        CONSTRAINT ck_inventory_number_not_negative CHECK (number >= 0)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
    await runner.query(`
      CREATE TABLE t_sell_record (
        id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
        order_id CHAR(36) NOT NULL,
        goods_id BIGINT UNSIGNED NOT NULL,
        num INT NOT NULL,
        created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
        PRIMARY KEY (id),
        KEY ix_sell_record_order (order_id),
        KEY ix_sell_record_goods (goods_id)
      ) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE t_sell_record');
    await runner.query('DROP TABLE t_inventory');
    await runner.query('DROP TABLE t_user_auth_info');
  }
}
