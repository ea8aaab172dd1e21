import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Registry } from 'prom-client';
import { METRICS_REGISTRY } from './metrics.constants.js';

@ApiTags('operations')
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics (text exposition format)' })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description:
      'cache_requests_total{entity,result}, cache_fill_total{entity,outcome}, ' +
      'db_loads_total{entity}, lock_acquire_seconds, lock_acquire_total{outcome}, ' +
      "and Node's default metrics",
    schema: { type: 'string' },
  })
  async scrape(@Res() reply: FastifyReply): Promise<void> {
    const text = await this.registry.metrics();
    await reply.type(this.registry.contentType).send(text);
  }
}
