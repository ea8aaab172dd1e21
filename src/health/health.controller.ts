import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { CdcHealthIndicator } from './cdc.health-indicator.js';
import { LockHealthIndicator } from './lock.health-indicator.js';
import { RedisHealthIndicator } from './redis.health-indicator.js';

const PING_TIMEOUT_MS = 1500;

@ApiTags('operations')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mysql: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly lock: LockHealthIndicator,
    private readonly cdc: CdcHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.mysql.pingCheck('mysql', { timeout: PING_TIMEOUT_MS }),
      () => this.redis.isHealthy('redis'),
      () => this.lock.isHealthy('lock'),
      ...(this.cdc.enabled ? [() => this.cdc.isHealthy('cdc')] : []),
    ]);
  }
}
