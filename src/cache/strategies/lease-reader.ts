import { Logger } from '@nestjs/common';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis, LeaseReply } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { Backoff } from './backoff.js';
import type { CacheKeys } from '../cache-keys.js';
import type { BatchMiss, MissOutcome, ReadMiss } from './cache-strategy.interface.js';
import { newToken } from './new-token.js';

const FIRST_BACKOFF_MS = 2;
const MAX_BACKOFF_MS = 50;

/**
 * The reader's half of `lease`: take the row's lease before loading MySQL, and fill only if the
 * lease still holds and no writer is in progress (one script). Miss: GET (the aspect's) +
 * lease-acquire + fill. See docs/consistency.md, "Read".
 */
export class LeaseReader {
  private readonly logger = new Logger('Cache');

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    private readonly options: ResolvedCacheOptions,
  ) {}

  async miss(read: ReadMiss): Promise<MissOutcome> {
    const token = newToken();
    const backoff = new Backoff(
      FIRST_BACKOFF_MS,
      MAX_BACKOFF_MS,
      Date.now() + this.options.readWaitMs,
    );
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
          // Another reader (here or in another process) is loading: wait for its fill; if its
          // lease dies (voided by a writer, holder crashed) the next attempt takes it over.
          if (!(await backoff.wait())) return this.loadOnly(read, 'miss');
      }
    }
  }

  /**
   * A batch's misses: lease-acquire for each, sent together; one load of every key not filled
   * meanwhile; a fill for each key leased, sent together. A key another reader is loading
   * (`WAIT`) is loaded too, without a fill: a batch does not wait for single keys.
   * Round trips after the aspect's MGET: 2, plus the load.
   */
  async missMany(batch: BatchMiss): Promise<Map<string, MissOutcome>> {
    const outcomes = new Map<string, MissOutcome>();
    const token = newToken();
    let replies: LeaseReply[];
    try {
      replies = await Promise.all(
        batch.keys.map((keys) => this.redis.leaseAcquire(keys, token, this.options.leaseTtlMs)),
      );
    } catch {
      const { rows } = await batch.load(batch.keys);
      for (const keys of batch.keys) {
        outcomes.set(keys.row, { row: rows.get(keys.row) ?? null, result: 'unavailable' });
      }
      return outcomes;
    }
    const toLoad: CacheKeys[] = [];
    const leased: CacheKeys[] = [];
    replies.forEach((reply, index) => {
      const keys = batch.keys[index];
      if (reply[0] === 'ROW') {
        const row = reply[1] === NEGATIVE_MARKER ? null : batch.entity.codec.decode(reply[1]);
        outcomes.set(keys.row, { row, result: 'miss' });
        return;
      }
      toLoad.push(keys);
      if (reply[0] === 'LEASE') leased.push(keys);
      else outcomes.set(keys.row, { row: null, result: reply[0] === 'BYPASS' ? 'bypass' : 'miss' });
    });
    if (!toLoad.length) return outcomes;
    const { rows, unfillable } = await batch.load(toLoad);
    for (const keys of toLoad) {
      const previous = outcomes.get(keys.row);
      outcomes.set(keys.row, {
        row: rows.get(keys.row) ?? null,
        result: previous?.result ?? 'miss',
      });
    }
    await batch.beforeFill(leased);
    await Promise.all(
      leased.map((keys) => this.fillOrRelease(batch, keys, token, rows, unfillable)),
    );
    return outcomes;
  }

  private async fillOrRelease(
    batch: BatchMiss,
    keys: CacheKeys,
    token: string,
    rows: ReadonlyMap<string, object>,
    unfillable: ReadonlySet<string>,
  ): Promise<void> {
    if (unfillable.has(keys.row)) {
      await this.redis.releaseOwned(keys.lease, token).catch(() => false);
      return;
    }
    const row = rows.get(keys.row);
    const { entity } = batch;
    const value = row ? entity.codec.encode(row) : NEGATIVE_MARKER;
    const ttl = row ? entity.jitteredTtlMs() : this.options.negativeTtlMs;
    try {
      const stored = await this.redis.fill(keys, token, value, ttl);
      (stored ? entity.metrics.stored : entity.metrics.rejected).inc();
    } catch (error) {
      this.logger.warn(`fill of ${keys.row} failed: ${(error as Error).message}`);
    }
  }

  private async loadOnly(read: ReadMiss, result: MissOutcome['result']): Promise<MissOutcome> {
    return { row: (await read.load()).row, result };
  }

  private async loadAndFill(read: ReadMiss, token: string): Promise<MissOutcome> {
    await this.probe.at('afterLeaseAcquired', read.keys.row);
    let loaded: Awaited<ReturnType<ReadMiss['load']>>;
    try {
      loaded = await read.load();
    } catch (error) {
      // A failed load (MySQL stopped the statement, say): the next reader need not wait for
      // the lease to expire.
      await this.redis.releaseOwned(read.keys.lease, token).catch(() => false);
      throw error;
    }
    if (!loaded.fillable) {
      // Never cached (a partial row, another key's row): let the next reader have the lease.
      await this.redis.releaseOwned(read.keys.lease, token).catch(() => false);
      return { row: loaded.row, result: 'bypass' };
    }
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
}
