import { Logger } from '@nestjs/common';
import { CacheUnavailableError } from '../cache.errors.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { Backoff } from './backoff.js';
import type { WriteSet, WrittenRow } from './cache-strategy.interface.js';

const FIRST_BACKOFF_MS = 2;
const MAX_BEGIN_BACKOFF_MS = 50;
const MAX_END_BACKOFF_MS = 250;

/**
 * The writer's half of `lease`: every writer of a row joins the row's marker (no writer waits
 * for another), and leaves it after the outermost commit or rollback, deleting the row and
 * voiding leases both times. One round trip of latency each, whatever the number of rows: the
 * rows' scripts are sent together. See docs/consistency.md, "Write".
 */
export class LeaseWriter {
  private readonly logger = new Logger('Cache');

  constructor(
    private readonly redis: CacheRedis,
    private readonly probe: CacheProbe,
    private readonly options: ResolvedCacheOptions,
  ) {}

  /**
   * write-begin on every row, retried (it is idempotent) while Redis does not answer, for up to
   * `writeBeginRetryMs`: a dropped connection is back within milliseconds. Past that, leaves the
   * rows again and throws (HTTP 503) before any SQL.
   */
  async begin(write: WriteSet): Promise<void> {
    const deadline = Date.now() + this.options.writeBeginRetryMs;
    const backoff = new Backoff(FIRST_BACKOFF_MS, MAX_BEGIN_BACKOFF_MS, deadline);
    let pending = write.rows;
    for (;;) {
      const results = await Promise.allSettled(
        pending.map(({ keys }) => this.redis.writeBegin(keys, write.token, this.options.lockTtlMs)),
      );
      const failures = results.flatMap((result) =>
        result.status === 'rejected' ? [result.reason as unknown] : [],
      );
      if (!failures.length) return;
      pending = pending.filter((_, index) => results[index].status === 'rejected');
      if (!(await backoff.wait())) {
        await this.end(write, false);
        throw new CacheUnavailableError(write.rows[0].entity.name, { cause: failures[0] });
      }
    }
  }

  /**
   * write-end on every row. After a commit it must happen before the write is acknowledged: if
   * Redis restarted meanwhile, the marker that kept readers from filling is gone, and a reader
   * may hold a lease on the pre-commit row; only this DEL of the row and the lease stops that
   * fill. So it is retried until Redis answers, for up to `invalidationRetryMs`. Past that, the
   * write still succeeds (it committed): logged and counted in
   * `cache_invalidation_failures_total`. Resolves true when committed and every row's write-end
   * reached Redis.
   */
  async end(write: WriteSet, committed: boolean): Promise<boolean> {
    const deadline = Date.now() + (committed ? this.options.invalidationRetryMs : 0);
    const ended = await Promise.all(
      write.rows.map((row) => this.endOne(row, write.token, committed, deadline)),
    );
    return committed && ended.every(Boolean);
  }

  private async endOne(
    { entity, keys }: WrittenRow,
    token: string,
    committed: boolean,
    deadline: number,
  ): Promise<boolean> {
    const backoff = new Backoff(FIRST_BACKOFF_MS, MAX_END_BACKOFF_MS, deadline);
    for (;;) {
      try {
        await this.redis.writeEnd(keys, token);
        return true;
      } catch (error) {
        if (backoff.expired) {
          if (committed) entity.metrics.invalidationFailed.inc();
          this.logger.error(
            `write-end of ${keys.row} failed${committed ? ' after commit' : ''}: ` +
              `${(error as Error).message}; its marker entry expires in ≤ ${this.options.lockTtlMs} ms`,
          );
          return false;
        }
        await this.probe.at('afterWriteEndFailure', keys.row);
        await backoff.wait();
      }
    }
  }
}
