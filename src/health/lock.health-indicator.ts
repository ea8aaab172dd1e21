import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { Redlock } from '../lock/index.js';

const PING_TIMEOUT_MS = 1500;

/**
 * The distributed lock is up while a quorum of its nodes answers a PING: below that no lock can
 * be taken (`docs/lock.md`, "Quorum and validity").
 */
@Injectable()
export class LockHealthIndicator {
  constructor(
    private readonly redlock: Redlock,
    private readonly health: HealthIndicatorService,
  ) {}

  async isHealthy(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const { reachable, nodes, quorum } = await this.redlock.health(PING_TIMEOUT_MS);
    const details = { nodes, quorum, reachable };
    return reachable >= quorum ? indicator.up(details) : indicator.down(details);
  }
}
