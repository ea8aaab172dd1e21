import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller.js';
import { CdcHealthIndicator } from './cdc.health-indicator.js';
import { LockHealthIndicator } from './lock.health-indicator.js';
import { RedisHealthIndicator } from './redis.health-indicator.js';

@Module({
  imports: [TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController],
  providers: [RedisHealthIndicator, LockHealthIndicator, CdcHealthIndicator],
})
export class HealthModule {}
