import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

// Tables created by key-collations.e2e-spec.ts with the collations their names say; the
// entities only map them (no synchronize), so the columns keep exactly those collations.

@Entity({ name: 't_cc_general_ci' })
export class GeneralCiNote {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;
}

@Entity({ name: 't_cc_bin' })
export class BinNote {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;
}

@Entity({ name: 't_cc_nopad_bin' })
export class NopadBinNote {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code!: string;
}

@Entity({ name: 't_cc_int_key' })
export class IntKeyNote {
  @PrimaryColumn({ type: 'int' })
  id!: number;
}

/** Keyed by (tenantId, login): an integer and a case-insensitive NO PAD column. */
@Entity({ name: 't_cc_tenant_login' })
@Index(['tenantId', 'login'], { unique: true })
export class TenantLoginNote {
  @PrimaryColumn({ type: 'int' })
  id!: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Column({ name: 'login_name', type: 'varchar', length: 32 })
  login!: string;
}

export const COLLATION_TABLES = [
  'CREATE TABLE t_cc_general_ci (code VARCHAR(32) COLLATE utf8mb4_general_ci PRIMARY KEY) CHARSET utf8mb4',
  'CREATE TABLE t_cc_bin (code VARCHAR(32) COLLATE utf8mb4_bin PRIMARY KEY) CHARSET utf8mb4',
  'CREATE TABLE t_cc_nopad_bin (code VARCHAR(32) COLLATE utf8mb4_nopad_bin PRIMARY KEY) CHARSET utf8mb4',
  'CREATE TABLE t_cc_int_key (id INT PRIMARY KEY)',
  `CREATE TABLE t_cc_tenant_login (id INT PRIMARY KEY, tenant_id INT NOT NULL,
     login_name VARCHAR(32) COLLATE utf8mb4_unicode_nopad_ci NOT NULL,
     UNIQUE KEY (tenant_id, login_name)) CHARSET utf8mb4`,
];

export const COLLATION_ENTITIES = [
  GeneralCiNote,
  BinNote,
  NopadBinNote,
  IntKeyNote,
  TenantLoginNote,
];
