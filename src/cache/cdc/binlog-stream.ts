import { Logger } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import { createConnection } from 'mysql2/promise';
import type { DataSource } from 'typeorm';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheProbe } from '../cache-probe.js';
import type { OwnWrites } from '../writes/own-writes.js';
import { BinlogConnection } from './binlog-connection.js';
import { checkBinlogSettings } from './binlog-checks.js';
import { describePosition, type BinlogPosition } from './binlog-position.js';
import { BinlogServer } from './binlog-server.js';
import { BinlogTransactions } from './binlog-transactions.js';
import { CdcInvalidator } from './cdc-invalidator.js';
import type { CdcObserver } from './cdc-observer.js';
import { cdcConnection, type CacheCdcConnection, type ResolvedCdcOptions } from './cdc-options.js';
import { CdcPositionStore } from './cdc-position-store.js';
import { CdcTables, type CdcTable } from './cdc-tables.js';
import { CommitBarrier } from './commit-barrier.js';
import { invalidateAllRows } from './full-invalidation.js';

const MAX_RECONNECT_DELAY_MS = 5000;
/** ER_MASTER_FATAL_ERROR_READING_BINLOG: the position is gone (purged) or not valid. */
const POSITION_UNREADABLE = 1236;
/** MariaDB then reports each commit's GTID in its OK packet (`OwnWrites`); MySQL: not yet. */
const TRACK_LAST_GTID =
  "SET SESSION session_track_system_variables = CONCAT_WS(',', " +
  "NULLIF(@@session.session_track_system_variables, ''), 'last_gtid')";

export interface BinlogStreamDeps {
  options: ResolvedCdcOptions;
  entities: readonly CachedEntity[];
  dataSource: DataSource;
  redis: Redis | Cluster;
  probe: CacheProbe;
  /** This process's writes: their rows' events are skipped once their write-end was final. */
  ownWrites: OwnWrites;
  observer: CdcObserver;
  /** The write protocol's invalidation of committed rows (`CacheWriter.invalidateCommitted`). */
  invalidate(
    entity: CachedEntity,
    keys: CacheKeys[],
    beforeEnd: () => Promise<void>,
  ): Promise<void>;
}

export interface BinlogStreamStatus {
  connected: boolean;
  failing: boolean;
  position: string | undefined;
  queued: number;
  reconnects: number;
}

/**
 * `CACHE_CDC=binlog`: tails the primary's binlog and invalidates every cached row that a
 * committed transaction wrote, whoever wrote it (docs/consistency.md, "Change data capture").
 * Every app process tails it; invalidation is idempotent.
 */
export class BinlogStream {
  private readonly logger = new Logger('CacheCdc');
  private connection: BinlogConnection | undefined;
  private server: BinlogServer | undefined;
  private tables!: CdcTables;
  private transactions!: BinlogTransactions;
  private invalidator!: CdcInvalidator;
  private barrier!: CommitBarrier;
  private positions!: CdcPositionStore;
  /** The last transaction end received: where a lost connection resumes. */
  private received: BinlogPosition | undefined;
  private reconnects = 0;
  private attempt = 0;
  private retry: NodeJS.Timeout | undefined;
  private stopping = false;

  constructor(private readonly deps: BinlogStreamDeps) {}

  get enabled(): boolean {
    return this.deps.options.mode === 'binlog';
  }

  /** Checks the server, finds where to start, and streams; throws one line if it cannot. */
  async start(): Promise<void> {
    const { deps } = this;
    const connection = this.connectionOptions();
    const where = `MySQL ${connection.host}:${connection.port}`;
    this.server = new BinlogServer(() => createConnection(connection));
    await checkBinlogSettings(await this.server.control(), where);
    if (await this.server.isMariadb()) deps.ownWrites.enable(TRACK_LAST_GTID);
    const database = String(deps.dataSource.driver.database ?? '');
    this.tables = new CdcTables(deps.entities, deps.dataSource, database);
    this.positions = new CdcPositionStore(deps.redis, await this.server.identity());
    this.barrier = new CommitBarrier(() => createConnection(connection));
    this.invalidator = new CdcInvalidator(
      {
        rows: (table, keys, beforeEnd) => deps.invalidate(table.entity, keys, beforeEnd),
        tables: (tables) => this.invalidateTables(tables),
        committed: (table, keys) => this.barrier.wait(table, keys),
      },
      deps.observer,
      deps.probe,
      deps.ownWrites,
      (at) => this.positions.save(at),
      deps.options.positionSaveIntervalMs,
    );
    this.transactions = new BinlogTransactions(this.tables, (change) => {
      this.received = change.resume;
      this.invalidator.push(change);
    });
    deps.observer.started(deps.entities.map((entity) => entity.name));
    await this.open(await this.startingPoint());
  }

  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.retry);
    this.connection?.close();
    this.connection = undefined;
    if (this.invalidator) {
      await this.invalidator.drain();
      await this.invalidator.flush();
    }
    await this.barrier?.close();
    await this.server?.end();
  }

  status(): BinlogStreamStatus {
    const done = this.invalidator?.done;
    return {
      connected: !!this.connection,
      failing: !!this.invalidator?.failing,
      position: done && describePosition(done),
      queued: this.invalidator?.queued ?? 0,
      reconnects: this.reconnects,
    };
  }

  /** The binlog dump's thread id on the server (tests KILL it to drop the connection). */
  get threadId(): number | undefined {
    return this.connection?.threadId;
  }

  /** Resolves once everything received so far is invalidated (tests, benches). */
  drain(): Promise<void> {
    return this.invalidator.drain();
  }

  private connectionOptions(): CacheCdcConnection {
    return cdcConnection(this.deps.options, this.deps.dataSource);
  }

  /**
   * The saved position while the server still has it. Otherwise (first start, purged, another
   * server) every cached row of the entities may be stale: the current end is taken first, then
   * every row invalidated, and the stream starts from that end (docs/consistency.md, "Position").
   */
  private async startingPoint(): Promise<BinlogPosition> {
    const server = this.server!;
    const saved = await this.positions.load();
    if (saved && saved !== 'other' && (await server.has(saved))) {
      this.logger.log(`resuming the binlog at ${describePosition(saved)}`);
      return saved;
    }
    const reason =
      saved === undefined
        ? 'no saved binlog position'
        : saved === 'other'
          ? 'the saved binlog position belongs to another server'
          : `the saved binlog position ${describePosition(saved)} is no longer on the server (purged)`;
    return this.restartAtEnd(reason);
  }

  private async restartAtEnd(reason: string): Promise<BinlogPosition> {
    const current = await this.server!.current();
    const deleted = await invalidateAllRows(this.deps.redis, this.deps.entities);
    this.logger.warn(
      `${reason}: invalidated every cached row of ${this.deps.entities.map((e) => e.name).join(', ')} ` +
        `(${deleted} keys); starting at ${describePosition(current)}`,
    );
    await this.positions.save(current);
    return current;
  }

  private async invalidateTables(tables: readonly CdcTable[]): Promise<void> {
    await invalidateAllRows(
      this.deps.redis,
      tables.map((table) => table.entity),
    );
  }

  private async open(from: BinlogPosition): Promise<void> {
    this.received = from;
    this.connection = await BinlogConnection.open(
      this.connectionOptions(),
      { serverId: this.deps.options.serverId, from, tables: this.tables.includeSchema() },
      {
        event: (event, resume) => this.transactions.handle(event, resume),
        lost: (error) => this.lost(error),
      },
    );
    this.attempt = 0;
  }

  private lost(error: Error): void {
    this.connection = undefined;
    if (this.stopping) return;
    this.reconnects++;
    this.deps.observer.reconnect();
    this.logger.warn(`binlog connection lost (${error.message}); reconnecting`);
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    const delay = Math.min(
      this.deps.options.reconnectDelayMs * 2 ** this.attempt++,
      MAX_RECONNECT_DELAY_MS,
    );
    this.retry = setTimeout(() => void this.reconnect(), delay);
  }

  private async reconnect(): Promise<void> {
    if (this.stopping) return;
    this.transactions.discardPending();
    try {
      await this.open(this.received!);
    } catch (error) {
      if (this.stopping) return;
      if ((error as { errno?: number }).errno === POSITION_UNREADABLE) {
        try {
          await this.invalidator.drain();
          this.received = await this.restartAtEnd(
            `the binlog at ${describePosition(this.received!)} cannot be read (${(error as Error).message})`,
          );
        } catch (failure) {
          this.logger.warn(`full invalidation failed: ${(failure as Error).message}`);
        }
      } else {
        this.logger.warn(`binlog reconnect failed: ${(error as Error).message}`);
      }
      this.scheduleReconnect();
    }
  }
}
