import { setTimeout as sleep } from 'node:timers/promises';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CACHE_OPTIONS, NEGATIVE_MARKER } from '../cache.constants.js';
import { CacheUnavailableError, CacheWriteTimeoutError } from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import { CacheProbe } from '../cache-probe.js';
import { CacheRedis, type LeaseReply } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { FenceStore } from '../fence-store.js';
import { KeyedQueue, KeyedQueueTimeoutError } from '../keyed-queue.js';
import { newToken } from './new-token.js';
import type {
  CacheStrategy,
  CacheWrite,
  MissOutcome,
  ReadMiss,
} from './cache-strategy.interface.js';

const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 50;
const MAX_END_BACKOFF_MS = 250;

/**
 * The default: leases for readers, a delete-cache lock that voids them for writers, fenced
 * MySQL writes. Hit 1 round trip (the aspect's GET); miss GET + lease-acquire + fill; write
 * write-begin + write-end. See docs/consistency.md for the protocol and the races it closes.
 */
@Injectable()
export class LeaseStrategy implements CacheStrategy {
  readonly name = 'lease';
  readonly usesCache = true;
  private readonly logger = new Logger('Cache');
  /** Writers of one row wait here first, so only one per process polls the row's lock. */
  private readonly writers = new KeyedQueue();

  constructor(
    private readonly redis: CacheRedis,
    private readonly fences: FenceStore,
    private readonly probe: CacheProbe,
    @Inject(CACHE_OPTIONS) private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    const token = newToken();
    const deadline = Date.now() + this.options.readWaitMs;
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      let reply: LeaseReply;
      try {
        reply = await this.redis.leaseAcquire(read.keys, token, this.options.leaseTtlMs);
      } catch {
        return this.loadOnly(read, 'unavailable');
      }
      switch (reply[0]) {
        case 'ROW':
          return {
            row: reply[1] === NEGATIVE_MARKER ? null : read.entity.codec.decode(reply[1]),
            result: 'miss',
          };
        case 'BYPASS':
          return this.loadOnly(read, 'bypass');
        case 'LEASE':
          return this.loadAndFill(read, token);
        case 'WAIT':
          // Another reader (here or in another process) is loading: poll with backoff for its
          // fill; if its lease dies (voided by a writer, holder crashed) we may take it over.
          if (Date.now() >= deadline) return this.loadOnly(read, 'miss');
          await sleep(Math.min(backoff, deadline - Date.now()));
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
  }

  async write<T>(write: CacheWrite<T>): Promise<T> {
    const token = newToken();
    const deadline = Date.now() + this.options.writeWaitMs;
    // Writers of a row in this process line up first; only the head polls the row's lock, and
    // it leaves the line once it holds the lock (a paused holder is still taken over on expiry).
    let fences: string[];
    try {
      fences = await this.writers.run(
        write.keys.map((keys) => keys.row),
        () => this.beginAll(write, token, deadline),
        this.options.writeWaitMs,
      );
    } catch (error) {
      if (!(error instanceof KeyedQueueTimeoutError)) throw error;
      throw new CacheWriteTimeoutError(write.keys[0].row, this.options.writeWaitMs);
    }
    await this.probe.at('afterWriteBegin', write.keys[0].row);
    let result: T;
    try {
      result = await write.run({
        atStart: async (manager) => {
          for (const [index, keys] of write.keys.entries()) {
            await this.fences.advance(manager, keys.row, fences[index]);
          }
        },
      });
    } catch (error) {
      await this.end(write, write.keys, token, false);
      throw error;
    }
    await this.end(write, write.keys, token, true);
    return result;
  }

  /** write-begin on every row (in key order); on failure, releases what it took. */
  private async beginAll(
    write: CacheWrite<unknown>,
    token: string,
    deadline: number,
  ): Promise<string[]> {
    const fences: string[] = [];
    try {
      for (const keys of write.keys) {
        fences.push(await this.begin(write.entity.name, keys, token, deadline));
      }
    } catch (error) {
      await this.end(write, write.keys.slice(0, fences.length), token, false);
      throw error;
    }
    return fences;
  }

  private async loadOnly(read: ReadMiss, result: MissOutcome['result']): Promise<MissOutcome> {
    read.flight.seal();
    return { row: (await read.load()).row, result };
  }

  private async loadAndFill(read: ReadMiss, token: string): Promise<MissOutcome> {
    await this.probe.at('afterLeaseAcquired', read.keys.row);
    read.flight.seal();
    const loaded = await read.load();
    // A partial row is never cached; the lease simply expires.
    if (!loaded.fillable) return { row: loaded.row, result: 'bypass' };
    await read.beforeFill();
    const { entity } = read;
    const value = loaded.row ? entity.codec.encode(loaded.row) : NEGATIVE_MARKER;
    const ttl = loaded.row ? entity.jitteredTtlMs() : this.options.negativeTtlMs;
    try {
      const stored = await this.redis.fill(read.keys, token, value, ttl);
      (stored ? entity.metrics.stored : entity.metrics.rejected).inc();
    } catch (error) {
      this.logger.warn(`fill of ${read.keys.row} failed: ${(error as Error).message}`);
    }
    return { row: loaded.row, result: 'miss' };
  }

  /** write-begin, waiting with backoff while another writer holds the row; returns the fence. */
  private async begin(
    entity: string,
    keys: CacheKeys,
    token: string,
    deadline: number,
  ): Promise<string> {
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      let reply;
      try {
        reply = await this.redis.writeBegin(keys, token, this.options.lockTtlMs);
      } catch (error) {
        throw new CacheUnavailableError(entity, { cause: error });
      }
      if (reply[0] === 'OK') return reply[1];
      const left = deadline - Date.now();
      if (left <= 0) throw new CacheWriteTimeoutError(keys.row, this.options.writeWaitMs);
      await sleep(Math.min(backoff, left, Math.max(reply[1], 1)));
      backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
    }
  }

  /**
   * write-end on every row, after commit and after rollback alike, sent together (one round
   * trip of latency). After a commit it must happen before the write is acknowledged: if Redis
   * restarted meanwhile, the lock that kept readers from filling is gone, and a reader may hold a
   * lease on the pre-commit row; only this DEL of the row and the lease stops that fill. So it is
   * retried until Redis answers, for up to `invalidationRetryMs`. Past that, the write still
   * succeeds (it committed): logged and counted in `cache_invalidation_failures_total`.
   */
  private async end(
    write: CacheWrite<unknown>,
    keys: readonly CacheKeys[],
    token: string,
    committed: boolean,
  ): Promise<void> {
    const deadline = Date.now() + (committed ? this.options.invalidationRetryMs : 0);
    await Promise.all(keys.map((key) => this.endOne(write, key, token, committed, deadline)));
  }

  private async endOne(
    write: CacheWrite<unknown>,
    key: CacheKeys,
    token: string,
    committed: boolean,
    deadline: number,
  ): Promise<void> {
    let backoff = FIRST_BACKOFF_MS;
    for (;;) {
      try {
        await this.redis.writeEnd(key, token);
        return;
      } catch (error) {
        const left = deadline - Date.now();
        if (left <= 0) {
          if (committed) write.entity.metrics.invalidationFailed.inc();
          this.logger.error(
            `write-end of ${key.row} failed${committed ? ' after commit' : ''}: ` +
              `${(error as Error).message}; its lock expires in ≤ ${this.options.lockTtlMs} ms`,
          );
          return;
        }
        await this.probe.at('afterWriteEndFailure', key.row);
        await sleep(Math.min(backoff, left));
        backoff = Math.min(backoff * 2, MAX_END_BACKOFF_MS);
      }
    }
  }
}
