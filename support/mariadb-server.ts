import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection, type Connection } from 'mysql2/promise';
import { freePort } from './free-port.js';
import type { MysqlServer } from './mysql-server.js';

const run = promisify(execFile);
const START_TIMEOUT_MS = 30_000;

export interface MariadbServerOptions {
  /** `--log-bin` and `--binlog-format=ROW` unless false. */
  binlog?: boolean;
  /** `--binlog-format`; default `ROW`. */
  binlogFormat?: 'ROW' | 'STATEMENT' | 'MIXED';
  /** `--server-id`; default 1. */
  serverId?: number;
  /** Further `mariadbd` arguments. */
  extraArgs?: string[];
}

/**
 * A `mariadbd` of a test's or bench's own: a temporary data directory, a free port on loopback,
 * stopped by its pid. For tests that need settings the shared server must keep (the binlog) or
 * that kill and restart the server. Never touches the shared server on 3306.
 */
export class MariadbServer implements MysqlServer {
  readonly host = '127.0.0.1';
  readonly user = 'root';
  readonly password = '';
  private process: ChildProcess | undefined;

  readonly dataDir: string;

  private constructor(
    readonly port: number,
    /** Holds `data/` (the data directory, its socket and binlog) and `tmp/`. */
    private readonly home: string,
    private readonly options: MariadbServerOptions,
  ) {
    this.dataDir = join(home, 'data');
  }

  static async start(options: MariadbServerOptions = {}): Promise<MariadbServer> {
    const home = await mkdtemp(join(tmpdir(), 'cc-mariadb-'));
    const dataDir = join(home, 'data');
    // A tmpdir of its own: a starting mariadbd removes every `#sql…` file in its tmpdir, and so
    // in a shared /tmp it deletes the temporary tables of another one's mariadb-install-db.
    await mkdir(join(home, 'tmp'));
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${dataDir}`,
      `--tmpdir=${join(home, 'tmp')}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    const server = new MariadbServer(await freePort(), home, options);
    await server.startProcess();
    return server;
  }

  get running(): boolean {
    return this.process !== undefined;
  }

  /** A plain connection (no database unless given). */
  connect(database?: string): Promise<Connection> {
    return createConnection({ host: this.host, port: this.port, user: 'root', database });
  }

  /** SIGKILL: every connection drops at once. */
  async kill(): Promise<void> {
    await this.signal('SIGKILL');
  }

  /** Starts again on the same port and data directory. */
  async restart(): Promise<void> {
    await this.signal('SIGTERM');
    await this.startProcess();
  }

  /** Stops the server and removes its data directory. */
  async stop(): Promise<void> {
    await this.signal('SIGTERM');
    await rm(this.home, { recursive: true, force: true });
  }

  private async signal(signal: NodeJS.Signals): Promise<void> {
    const child = this.process;
    if (!child) return;
    this.process = undefined;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  }

  private async startProcess(): Promise<void> {
    const { binlog = true, binlogFormat = 'ROW', serverId = 1, extraArgs = [] } = this.options;
    const child = spawn(
      'mariadbd',
      [
        '--no-defaults',
        `--datadir=${this.dataDir}`,
        `--tmpdir=${join(this.home, 'tmp')}`,
        '--user=root',
        `--port=${this.port}`,
        '--bind-address=127.0.0.1',
        `--socket=${join(this.dataDir, 'sock')}`,
        `--server-id=${serverId}`,
        ...(binlog ? [`--log-bin=${join(this.dataDir, 'binlog')}`] : []),
        `--binlog-format=${binlogFormat}`,
        '--innodb-buffer-pool-size=32M',
        '--innodb-log-file-size=16M',
        '--skip-name-resolve',
        ...extraArgs,
      ],
      { stdio: 'ignore' },
    );
    this.process = child;
    child.once('exit', () => {
      if (this.process === child) this.process = undefined;
    });
    await this.waitUntilAnswering();
  }

  private async waitUntilAnswering(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.process) throw new Error(`mariadbd on port ${this.port} exited while starting`);
      try {
        const connection = await this.connect();
        await connection.end();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    throw new Error(`mariadbd on port ${this.port} did not answer within 30 s`);
  }
}
