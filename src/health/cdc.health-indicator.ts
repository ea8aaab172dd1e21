import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { CacheCdc } from '../cache/index.js';

/**
 * With `CACHE_CDC=binlog`, the binlog stream is up while its connection streams and its
 * invalidations reach Redis: otherwise writes from outside the app stay cached until their TTL
 * (docs/consistency.md, "Metrics and /health"). Absent from /health when CDC is off.
 */
@Injectable()
export class CdcHealthIndicator {
  private cdc: CacheCdc | undefined;

  constructor(
    private readonly moduleRef: ModuleRef,
    private readonly health: HealthIndicatorService,
  ) {}

  get enabled(): boolean {
    this.cdc ??= this.moduleRef.get(CacheCdc, { strict: false });
    return !!this.cdc?.stream;
  }

  isHealthy(key: string): HealthIndicatorResult {
    const indicator = this.health.check(key);
    const status = this.cdc!.status()!;
    const details = {
      position: status.position,
      queued: status.queued,
      reconnects: status.reconnects,
    };
    return status.connected && !status.failing ? indicator.up(details) : indicator.down(details);
  }
}
