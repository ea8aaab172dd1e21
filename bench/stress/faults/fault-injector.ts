import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { RedisServer } from '../../../support/redis-server.js';
import type { MariadbReplication } from '../../../support/mariadb-replication.js';
import type { MysqlAdmin } from '../environment/mysql-admin.js';

export const FAULT_NAMES = [
  'client-kill',
  'redis-restart',
  'redis-pause',
  'mysql-lock',
  'replica-pause',
] as const;
export type FaultName = (typeof FAULT_NAMES)[number];

export interface FaultEvent {
  fault: FaultName;
  /** Start, on the run's clock (ms). */
  at: number;
  durationMs: number;
  error?: string;
}

export interface FaultPlan {
  faults: readonly FaultName[];
  intervalMs: number;
  /** The app's lock TTL: pauses and table locks last longer than it. */
  lockTtlMs: number;
  /** The table the MySQL fault locks. */
  table: string;
  /** How long `replica-pause` keeps the replica's SQL thread stopped. */
  replicaPauseMs: number;
  clockOrigin: number;
}

/**
 * Injects the selected faults one after another, round robin, every `intervalMs` (measured from
 * the end of the previous fault, so they never overlap), until stopped.
 */
export class FaultInjector {
  readonly events: FaultEvent[] = [];
  private stopped = false;
  private readonly wake = new AbortController();
  private loop: Promise<void> | undefined;

  constructor(
    private readonly plan: FaultPlan,
    private readonly redis: RedisServer,
    private readonly mysql: MysqlAdmin,
    /** The tool's own primary and replica (`--replica`), for `replica-pause`. */
    private readonly replication?: MariadbReplication,
  ) {}

  start(): void {
    if (this.plan.faults.length === 0) return;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let round = 0; !this.stopped; round++) {
      try {
        await sleep(this.plan.intervalMs, undefined, { signal: this.wake.signal });
      } catch {
        return;
      }
      const fault = this.plan.faults[round % this.plan.faults.length];
      const started = performance.now();
      const event: FaultEvent = { fault, at: started - this.plan.clockOrigin, durationMs: 0 };
      try {
        await this.inject(fault);
      } catch (error) {
        event.error = error instanceof Error ? error.message : String(error);
      }
      event.durationMs = performance.now() - started;
      this.events.push(event);
    }
  }

  private get outlastLockMs(): number {
    return this.plan.lockTtlMs + 1000;
  }

  private async inject(fault: FaultName): Promise<void> {
    switch (fault) {
      case 'client-kill':
        return this.killClients();
      case 'redis-restart':
        return this.redis.restart();
      case 'redis-pause':
        return this.redis.pause(this.outlastLockMs);
      case 'mysql-lock':
        return this.lockTable();
      case 'replica-pause':
        return this.pauseReplica();
    }
  }

  private async killClients(): Promise<void> {
    const client = this.redis.client();
    try {
      await client.call('CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'yes');
    } finally {
      client.disconnect();
    }
  }

  /**
   * `STOP SLAVE SQL_THREAD` for `replicaPauseMs`: the replica lags behind every write meanwhile,
   * then catches up. A cache load that read the replica would fill an old row.
   */
  private async pauseReplica(): Promise<void> {
    if (!this.replication) throw new Error('replica-pause needs --replica');
    await this.replication.pauseApplying();
    try {
      await sleep(this.plan.replicaPauseMs);
    } finally {
      await this.replication.resumeApplying();
    }
  }

  /** Holds a write lock on the table from a connection of our own, so writers outlive their lock. */
  private async lockTable(): Promise<void> {
    const connection = await this.mysql.connect();
    try {
      await connection.query(`LOCK TABLES \`${this.plan.table}\` WRITE`);
      await sleep(this.outlastLockMs);
      await connection.query('UNLOCK TABLES');
    } finally {
      await connection.end();
    }
  }
}
