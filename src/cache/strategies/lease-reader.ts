import { Logger } from '@nestjs/common';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis, LeaseReply } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { Backoff } from './backoff.js';
import type { MissOutcome, ReadMiss } from './cache-strategy.interface.js';
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

  private async loadOnly(read: ReadMiss, result: MissOutcome['result']): Promise<MissOutcome> {
    return { row: (await read.load()).row, result };
  }

  private async loadAndFill(read: ReadMiss, token: string): Promise<MissOutcome> {
    await this.probe.at('afterLeaseAcquired', read.keys.row);
    const loaded = await read.load();
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
