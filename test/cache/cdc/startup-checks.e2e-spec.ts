import type { Connection } from 'mysql2/promise';
import { BinlogSettingError } from '../../../src/cache/index.js';
import { MariadbServer } from '../../../support/mariadb-server.js';
import { runAppUntilExit, type ExitResult } from '../../../support/spawn-app.js';
import { uniqueName } from '../../../support/unique-name.js';
import { createCdcTestApp } from './cdc-test-app.js';

const PASSWORD = 'pw-never-shown-7f3a';
const FIX_OFF = ', or set CACHE_CDC=off';

/**
 * `CACHE_CDC=binlog` on a server that cannot serve it stops start-up with one line naming the
 * server, the setting and the fix (docs/consistency.md, "Start-up checks"): binlog off, a
 * format other than ROW, a MINIMAL row image, a user without the replication privileges. Each
 * case runs on a mariadbd of the test's own, in-process (the app's init rejects) and through
 * the real entry point (exit code 1, that one line on stderr).
 */
describe('binlog CDC: start-up checks', () => {
  let off: MariadbServer;
  let statement: MariadbServer;
  let row: MariadbServer;
  let rowRoot: Connection;
  /** A database of the test's own on `row`, where the users below may do anything. */
  const database = uniqueName('cc_cdc_checks');

  beforeAll(async () => {
    // allSettled: the servers that did start are stopped in afterAll even if another did not.
    const started = await Promise.allSettled([
      MariadbServer.start({ binlog: false }),
      MariadbServer.start({ binlogFormat: 'STATEMENT' }),
      MariadbServer.start(),
    ]);
    [off, statement, row] = started.map((s) => (s.status === 'fulfilled' ? s.value : undefined!));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    rowRoot = await row.connect();
    await createUser('cdc_tables', []);
    await createUser('cdc_slave', ['REPLICATION SLAVE']);
    await createUser('cdc_full', ['REPLICATION SLAVE', 'REPLICATION CLIENT']);
  }, 60_000);
  afterAll(async () => {
    await rowRoot?.end();
    await Promise.all([off?.stop(), statement?.stop(), row?.stop()]);
  });

  /** A user with every privilege on `database` (its tables) and the given global ones. */
  async function createUser(name: string, global: string[]): Promise<void> {
    await rowRoot.query(`CREATE USER '${name}'@'%' IDENTIFIED BY '${PASSWORD}'`);
    await rowRoot.query(`GRANT ALL PRIVILEGES ON \`${database}\`.* TO '${name}'@'%'`);
    if (global.length) await rowRoot.query(`GRANT ${global.join(', ')} ON *.* TO '${name}'@'%'`);
  }

  function asUser(name: string): Record<string, string> {
    return { MYSQL_USER: name, MYSQL_PASSWORD: PASSWORD, MYSQL_DATABASE: database };
  }

  /** The app's init rejects with a BinlogSettingError whose message is one line; returns it. */
  async function refusal(server: MariadbServer, env: Record<string, string> = {}) {
    const error = await createCdcTestApp(server, env).then(
      async (t) => {
        await t.close();
        throw new Error('the app started');
      },
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(BinlogSettingError);
    const { message } = error as BinlogSettingError;
    expect(message.split('\n')).toHaveLength(1);
    expect(message).not.toContain(PASSWORD);
    return message;
  }

  /** `src/main.ts` against `server` with `CACHE_CDC=binlog`, until it exits. */
  function runApp(server: MariadbServer, env: Record<string, string> = {}): Promise<ExitResult> {
    return runAppUntilExit({
      MYSQL_HOST: server.host,
      MYSQL_PORT: String(server.port),
      MYSQL_DATABASE: uniqueName('cc_cdc_checks'),
      REDIS_KEY_PREFIX: `${uniqueName('cc_cdc_checks')}:`,
      PORT: '0',
      CACHE_CDC: 'binlog',
      CACHE_CDC_SERVER_ID: String(3000 + (process.pid % 1000)),
      ...env,
    });
  }

  const where = (server: MariadbServer) => `MySQL 127.0.0.1:${server.port}`;
  const expected = {
    off: () =>
      `CACHE_CDC=binlog: ${where(off)} has log_bin OFF (no binary log); start it with log_bin ` +
      `and binlog_format=ROW (my.cnf [mysqld], or --log-bin --binlog-format=ROW)${FIX_OFF}`,
    statement: () =>
      `CACHE_CDC=binlog: ${where(statement)} has binlog_format=STATEMENT, not ROW; set ` +
      `binlog_format=ROW in my.cnf [mysqld] (SET GLOBAL binlog_format=ROW reaches new sessions ` +
      `only)${FIX_OFF}`,
    tables: () =>
      `CACHE_CDC=binlog: the user cdc_tables@% lacks REPLICATION SLAVE and REPLICATION CLIENT ` +
      `on ${where(row)}; GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO ` +
      `'cdc_tables'@'%'${FIX_OFF}`,
  };

  it('binlog off: names log_bin and how to turn it on', async () => {
    expect(await refusal(off)).toBe(expected.off());
  });

  it('STATEMENT format: names binlog_format and ROW', async () => {
    expect(await refusal(statement)).toBe(expected.statement());
  });

  it('MINIMAL row image: names binlog_row_image and FULL', async () => {
    await rowRoot.query("SET GLOBAL binlog_row_image = 'MINIMAL'");
    try {
      expect(await refusal(row)).toBe(
        `CACHE_CDC=binlog: ${where(row)} has binlog_row_image=MINIMAL (row images may lack the ` +
          `cache key columns); set binlog_row_image=FULL${FIX_OFF}`,
      );
    } finally {
      await rowRoot.query("SET GLOBAL binlog_row_image = 'FULL'");
    }
  });

  it('a user with table privileges only: names both privileges and the GRANT', async () => {
    expect(await refusal(row, asUser('cdc_tables'))).toBe(expected.tables());
  });

  it('a user with REPLICATION SLAVE only: names REPLICATION CLIENT alone', async () => {
    expect(await refusal(row, asUser('cdc_slave'))).toBe(
      `CACHE_CDC=binlog: the user cdc_slave@% lacks REPLICATION CLIENT on ${where(row)}; GRANT ` +
        `REPLICATION CLIENT ON *.* TO 'cdc_slave'@'%'${FIX_OFF}`,
    );
  });

  it('a user with both privileges starts, and its stream runs', async () => {
    const t = await createCdcTestApp(row, asUser('cdc_full'));
    try {
      expect(t.stream.status()).toMatchObject({ connected: true, failing: false });
    } finally {
      await t.close();
    }
  });

  describe('through the real entry point', () => {
    let results: ExitResult[];
    beforeAll(async () => {
      results = await Promise.all([
        runApp(off),
        runApp(statement),
        runApp(row, asUser('cdc_tables')),
      ]);
    }, 120_000);

    it.each([
      ['binlog off', 0, 'off'],
      ['STATEMENT format', 1, 'statement'],
      ['a user without the replication privileges', 2, 'tables'],
    ] as const)('%s: exit code 1 and the one line on stderr', (_name, index, which) => {
      const { code, stdout, stderr } = results[index];
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toEqual([`Start-up failed: ${expected[which]()}`]);
      expect(stdout + stderr).not.toContain(PASSWORD);
    });
  });
});
