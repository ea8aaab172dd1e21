import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import type { Cluster, Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { NEGATIVE_MARKER } from '../cache.constants.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import { AUDIT_STATE_LUA } from './audit-state.lua.js';
import { classifyAudit, type AuditCounts, type AuditResult } from './audit-result.js';
import { readPrimaryRow } from './primary-row.js';

export interface CacheAuditOptions {
  /** Share of cache hits audited, 0 (off) to 1. */
  readonly rate: number;
  /** Audits running at once; a sampled hit beyond it is skipped (`busy`) and counted. */
  readonly concurrency: number;
  /** How long a writer's statement may precede its commit (see `classifyAudit`). */
  readonly commitAllowanceMs: number;
  /** The row's version property, for the stale log line (TypeORM's `@VersionColumn` first). */
  readonly versionProperty: string;
  /** The row's last-write time (TypeORM's `@UpdateDateColumn` first). */
  readonly updateTimeProperty: string;
}

export const AUDIT_DEFAULTS: CacheAuditOptions = {
  rate: 0,
  concurrency: 4,
  commitAllowanceMs: 1000,
  versionProperty: 'version',
  updateTimeProperty: 'updatedAt',
};

type AuditRedis = (Redis | Cluster) & {
  cacheAuditState?(row: string, marker: string): Promise<[string | null, number]>;
};

/** Internal test hooks (`src/cache/testing.ts`): a point where a test may hold an audit. */
export interface CacheAuditorHooks {
  /** After the first look at Redis, before the primary read. */
  beforePrimaryRead?: (rowKey: string) => Promise<void> | void;
}

interface AuditedEntity {
  readonly counts: AuditCounts;
  readonly versionProperty: string | undefined;
  readonly updateTimeProperty: string | undefined;
}

/**
 * Re-reads a share of cache hits from the primary, off the request path, and classifies each
 * as consistent, in flight or stale (docs/consistency.md, "Consistency audit"): Redis (value,
 * writer) — primary (row, clock) — Redis again, then `classifyAudit`.
 */
export class CacheAuditor {
  private readonly logger = new Logger('CacheAudit');
  private readonly entities = new Map<CachedEntity, AuditedEntity>();
  private readonly idleWaiters: (() => void)[] = [];
  private running = 0;
  private closing = false;
  /** Test hooks; none in production. */
  hooks: CacheAuditorHooks = {};

  constructor(
    private readonly redis: AuditRedis,
    private readonly dataSource: DataSource,
    entities: readonly CachedEntity[],
    private readonly countsFor: (entity: string) => AuditCounts,
    /** The module's resolved options: `audit` is read on every hit (tests change it). */
    private readonly settings: { readonly audit: CacheAuditOptions },
  ) {
    if (!('cacheAuditState' in redis)) {
      redis.defineCommand('cacheAuditState', { numberOfKeys: 2, lua: AUDIT_STATE_LUA });
    }
    // Every series exists, at 0, from the start when the audit is on.
    if (settings.audit.rate > 0) for (const entity of entities) this.audited(entity);
  }

  private get options(): CacheAuditOptions {
    return this.settings.audit;
  }

  /**
   * Called on every cache hit (`text`: what it returned); audits it with probability `rate`.
   * Never waits and never throws: the audit starts on a later turn of the event loop, after
   * the caller's response is on its way.
   */
  sample(entity: CachedEntity, keys: CacheKeys, key: object, text: string): void {
    const { rate, concurrency } = this.options;
    if (rate <= 0 || this.closing || (rate < 1 && Math.random() >= rate)) return;
    const audited = this.audited(entity);
    if (this.running >= concurrency) {
      audited.counts.skipped.busy.inc();
      return;
    }
    const hitAt = performance.now();
    this.running++;
    setImmediate(() => {
      this.audit(entity, audited, keys, key, text, hitAt)
        .then((result) => audited.counts.results[result].inc())
        .catch((error: unknown) => {
          audited.counts.skipped.failed.inc();
          this.logger.debug(`audit of ${keys.row} failed: ${(error as Error).message}`);
        })
        .finally(() => this.finished());
    });
  }

  /** Shutdown: no new audit; the running ones finish while MySQL and Redis are still open. */
  beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    return this.idle();
  }

  /** Test hook: resolves once no audit is running (every sampled hit has been counted). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async audit(
    entity: CachedEntity,
    audited: AuditedEntity,
    keys: CacheKeys,
    key: object,
    text: string,
    hitAt: number,
  ): Promise<AuditResult> {
    const before = await this.state(keys);
    await this.hooks.beforePrimaryRead?.(keys.row);
    const primary = await readPrimaryRow(this.dataSource, entity, key, audited.updateTimeProperty);
    const after = await this.state(keys);
    const primaryText = primary.row ? entity.codec.encode(primary.row) : NEGATIVE_MARKER;
    const result = classifyAudit(
      {
        samePrimaryRow: primaryText === text,
        writerSeen: before[1] === 1 || after[1] === 1,
        cacheChanged: before[0] !== text || after[0] !== text,
        // The primary's clock read NOW(3) at the latest at readEnd: the row was written at least
        // writtenAgoMs - (readEnd - hitAt) before the hit.
        writtenBeforeHitMs:
          primary.writtenAgoMs === undefined
            ? undefined
            : primary.writtenAgoMs - (primary.readEnd - hitAt),
      },
      this.options.commitAllowanceMs,
    );
    if (result === 'stale') {
      const served = text === NEGATIVE_MARKER ? 'no row' : this.version(audited, text, entity);
      this.logger.warn(
        `stale cache hit of ${entity.name} ${keys.row}: served ${served}, the primary has ` +
          `${primary.row ? this.version(audited, primaryText, entity) : 'no row'}`,
      );
    }
    return result;
  }

  private async state(keys: CacheKeys): Promise<[string | null, number]> {
    return this.redis.cacheAuditState!(keys.row, keys.lock);
  }

  private version(audited: AuditedEntity, text: string, entity: CachedEntity): string {
    const property = audited.versionProperty;
    if (!property) return 'another row';
    const row = entity.codec.decode(text) as Record<string, unknown>;
    return `version ${String(row[property])}`;
  }

  /** The entity's counts and the properties it audits, made on first use. */
  private audited(entity: CachedEntity): AuditedEntity {
    const known = this.entities.get(entity);
    if (known) return known;
    const metadata = this.dataSource.getMetadata(entity.config.entity);
    const has = (property: string) =>
      metadata.columns.some((column) => column.propertyName === property) ? property : undefined;
    const audited: AuditedEntity = {
      counts: this.countsFor(entity.name),
      versionProperty: metadata.versionColumn?.propertyName ?? has(this.options.versionProperty),
      updateTimeProperty:
        metadata.updateDateColumn?.propertyName ?? has(this.options.updateTimeProperty),
    };
    this.entities.set(entity, audited);
    return audited;
  }

  private finished(): void {
    this.running--;
    if (this.running > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
