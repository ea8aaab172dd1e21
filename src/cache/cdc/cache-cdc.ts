import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Cluster, Redis } from 'ioredis';
import type { Registry } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import type { CacheProbe } from '../cache-probe.js';
import type { CacheStrategy } from '../strategies/cache-strategy.interface.js';
import type { OwnWrites } from '../writes/own-writes.js';
import { TransactionWrites } from '../writes/transaction-writes.js';
import { BinlogStream, type BinlogStreamStatus } from './binlog-stream.js';
import { cdcMetrics, NOOP_CDC_OBSERVER } from './cdc-observer.js';
import { resolveCdcOptions, type CacheCdcOptions } from './cdc-options.js';

export interface CacheCdcDeps {
  cdc: CacheCdcOptions | undefined;
  entities: readonly CachedEntity[];
  dataSource: DataSource;
  redis: Redis | Cluster;
  strategy: CacheStrategy;
  probe: CacheProbe;
  ownWrites: OwnWrites;
  metricsRegistry: Registry | undefined;
}

/**
 * The module's change data capture (`cdc` option, `CACHE_CDC`): nothing when `off`; with
 * `binlog`, the stream starts once the app is up (start-up fails with one line when the server
 * cannot serve it) and stops, its position saved, at shutdown.
 */
export class CacheCdc implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly stream: BinlogStream | undefined;

  constructor(deps: CacheCdcDeps) {
    const options = resolveCdcOptions(deps.cdc);
    if (options.mode !== 'binlog') return;
    this.stream = new BinlogStream({
      options,
      entities: deps.entities,
      dataSource: deps.dataSource,
      redis: deps.redis,
      probe: deps.probe,
      ownWrites: deps.ownWrites,
      observer: deps.metricsRegistry ? cdcMetrics(deps.metricsRegistry) : NOOP_CDC_OBSERVER,
      invalidate: (entity, keys, beforeEnd) =>
        invalidateCommitted(deps.strategy, deps.probe, entity, keys, beforeEnd),
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.stream?.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stream?.stop();
  }

  /** Undefined when off. */
  status(): BinlogStreamStatus | undefined {
    return this.stream?.status();
  }
}

/**
 * The write protocol of rows another client already committed: write-begin (delete the row,
 * void its leases; under `lease` also a marker entry, so no reader fills), `beforeEnd` (the
 * commit barrier), write-end (delete and void again). A reader that loaded the old row before
 * the commit and fills after it is refused, as after any write (docs/consistency.md, "What it
 * does").
 * Throws when write-begin cannot reach Redis: the invalidator retries.
 */
async function invalidateCommitted(
  strategy: CacheStrategy,
  probe: CacheProbe,
  entity: CachedEntity,
  keys: readonly CacheKeys[],
  beforeEnd: () => Promise<void>,
): Promise<void> {
  if (!keys.length) return;
  const writes = new TransactionWrites(strategy, probe);
  await writes.add(entity, keys);
  await beforeEnd();
  await writes.end(true);
}
