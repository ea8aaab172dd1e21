import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { RowDataPacket } from 'mysql2/promise';
import type { QueryRunner } from 'typeorm';
import { uniqueName } from '../../../support/unique-name.js';
import { InitialSchema1732240000000 } from '../../../src/database/migrations/1732240000000-initial-schema.js';
import { MysqlAdmin } from '../environment/mysql-admin.js';
import { ExternalWriter } from './external-writer.js';

describe('ExternalWriter (the shared MySQL, a database of its own)', () => {
  const mysql = new MysqlAdmin(uniqueName('external_writer'));
  let writer: ExternalWriter;

  beforeAll(async () => {
    const setup = await new MysqlAdmin('mysql').connect();
    try {
      await setup.query(`CREATE DATABASE \`${mysql.database}\``);
      await setup.changeUser({ database: mysql.database });
      const runner = { query: (sql: string) => setup.query(sql) } as unknown as QueryRunner;
      await new InitialSchema1732240000000().up(runner);
      await setup.query(
        "INSERT INTO t_user_auth_info (user_id, user_level, nickname) VALUES ('u1', 1, 'start')",
      );
    } finally {
      await setup.end();
    }
    writer = new ExternalWriter(mysql.pool(2));
  });

  afterAll(async () => {
    await writer.close();
    await mysql.drop();
  });

  it('moves the version by one per write and returns the version it stored', async () => {
    expect(await writer.write('u1', 'first')).toEqual({ outcome: 'ok', version: 2 });
    const both = await Promise.all([writer.write('u1', 'a'), writer.write('u1', 'b')]);
    expect(both.map((result) => result.version).sort()).toEqual([3, 4]);
    const [row] = await mysql.query<RowDataPacket & { version: number; nickname: string }>(
      "SELECT version, nickname FROM t_user_auth_info WHERE user_id = 'u1'",
    );
    expect(row.version).toBe(4);
    expect(['a', 'b']).toContain(row.nickname);
  });

  it('reports a write that changed no row as failed', async () => {
    expect(await writer.write('nobody', 'x')).toMatchObject({ outcome: 'failed' });
  });
});
