import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { type CacheEntityConfig, type EntityClass } from '../../src/cache/index.js';
import { findAmbiguousKeyCollations } from '../../src/cache/testing.js';
import type { AppConfig } from '../../src/config/app-config.interface.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { dropDatabase, testConfig } from '../support/test-env.js';
import {
  BinNote,
  COLLATION_ENTITIES,
  COLLATION_TABLES,
  GeneralCiNote,
  IntKeyNote,
  NopadBinNote,
  TenantLoginNote,
} from './collation-entities.js';

function config(entity: EntityClass, keyProperties: string[]): CacheEntityConfig {
  const entityName = (entity as { name: string }).name;
  return {
    entity,
    entityName,
    keyPrefix: entityName,
    keyProperties,
    ttlMs: undefined,
    poThrows: true,
    source: 'test',
  };
}

// Against the real MariaDB: the collations are the server's, read from information_schema.
describe('findAmbiguousKeyCollations', () => {
  let appConfig: AppConfig;
  let dataSource: DataSource;

  beforeAll(async () => {
    appConfig = testConfig();
    const { mysql } = appConfig;
    await ensureDatabase(mysql);
    dataSource = new DataSource({
      type: 'mysql',
      host: mysql.host,
      port: mysql.port,
      username: mysql.user,
      password: mysql.password,
      database: mysql.database,
      entities: COLLATION_ENTITIES,
    });
    await dataSource.initialize();
    for (const statement of COLLATION_TABLES) await dataSource.query(statement);
  });
  afterAll(async () => {
    if (dataSource?.isInitialized) await dataSource.destroy();
    if (appConfig) await dropDatabase(appConfig);
  });

  it('reports case-insensitive and PAD SPACE key columns, utf8mb4_bin included, and nothing else', async () => {
    const found = await findAmbiguousKeyCollations(dataSource, [
      config(GeneralCiNote, ['code']),
      config(BinNote, ['code']),
      config(NopadBinNote, ['code']),
      config(IntKeyNote, ['id']),
      config(TenantLoginNote, ['tenantId', 'login']),
    ]);
    expect(found.map(({ message: _message, ...rest }) => rest)).toEqual([
      {
        entityName: 'GeneralCiNote',
        property: 'code',
        table: 't_cc_general_ci',
        column: 'code',
        collation: 'utf8mb4_general_ci',
        laxity: ['case-insensitive', 'pad-space'],
      },
      {
        entityName: 'BinNote',
        property: 'code',
        table: 't_cc_bin',
        column: 'code',
        collation: 'utf8mb4_bin',
        laxity: ['pad-space'],
      },
      {
        entityName: 'TenantLoginNote',
        property: 'login',
        table: 't_cc_tenant_login',
        column: 'login_name',
        collation: 'utf8mb4_unicode_nopad_ci',
        laxity: ['case-insensitive'],
      },
    ]);
    expect(found[1].message).toBe(
      'BinNote.code: key column t_cc_bin.code has collation utf8mb4_bin (pad-space), so MySQL ' +
        'finds one row by keys the cache keeps apart ("a" and "a "); a row is never cached under ' +
        'another spelling than its own, but a cached absence under another spelling outlives an ' +
        'insert for up to the negative TTL. Use a _nopad_bin collation or normalise the key ' +
        'before it reaches the cache',
    );
  });

  it('matches what the server does: the reported columns find one row by two spellings', async () => {
    await dataSource.query("INSERT INTO t_cc_general_ci VALUES ('a')");
    await dataSource.query("INSERT INTO t_cc_bin VALUES ('a')");
    await dataSource.query("INSERT INTO t_cc_nopad_bin VALUES ('a')");
    const count = async (table: string, key: string) => {
      const rows = await dataSource.query<{ n: number }[]>(
        `SELECT COUNT(*) AS n FROM ${table} WHERE code = ?`,
        [key],
      );
      return Number(rows[0].n);
    };
    expect([
      await count('t_cc_general_ci', 'A '),
      await count('t_cc_bin', 'a '),
      await count('t_cc_nopad_bin', 'a '),
    ]).toEqual([1, 1, 0]);
  });

  it('reports nothing for no configs', async () => {
    expect(await findAmbiguousKeyCollations(dataSource, [])).toEqual([]);
  });
});
