import { Injectable } from '@nestjs/common';

/** A point of the protocol where a test may pause one request to force an interleaving. */
export type CacheProbePoint =
  | 'afterLeaseAcquired'
  | 'afterDbLoad'
  | 'beforeFill'
  | 'afterWriteBegin'
  | 'beforeCommit'
  | 'afterCommit'
  | 'afterWriteEndFailure'
  | 'afterDelayedDelete'
  /**
   * `CACHE_CDC=binlog`: the stream is done with a row of a committed binlog transaction: it
   * invalidated the row, or the app's own write-end already had (`OwnWrites`).
   */
  | 'afterCdcInvalidation'
  /** `CACHE_CDC=binlog`: a row's binlog event waits for this process's write of it to end. */
  | 'cdcAwaitsOwnWrite';

/** `rowKey` is the row's Redis key (without the client's prefix), e.g. `SYSTEM_Person:{alice}`. */
export type CacheProbeHooks = Partial<
  Record<CacheProbePoint, (rowKey: string) => Promise<void> | void>
>;

/**
 * Test hooks: nothing is installed in production, and then each point costs one property read.
 * Tests install barriers: `app.get(CacheProbe).install({ beforeFill: (key) => gate.wait() })`.
 */
@Injectable()
export class CacheProbe {
  private hooks: CacheProbeHooks = {};

  /** Replaces the hooks; returns a function that removes them. */
  install(hooks: CacheProbeHooks): () => void {
    this.hooks = hooks;
    return () => {
      if (this.hooks === hooks) this.hooks = {};
    };
  }

  async at(point: CacheProbePoint, rowKey: string): Promise<void> {
    const hook = this.hooks[point];
    if (hook) await hook(rowKey);
  }
}
