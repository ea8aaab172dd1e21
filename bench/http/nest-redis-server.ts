/**
 * Nest on Fastify, one controller, one Redis GET: what the framework costs on its own, without
 * the app's pipes, filters, helmet or cache aspect. Same environment as `floor-server.ts`.
 */
import 'reflect-metadata';
import { Controller, Get, Inject, Module, NotFoundException, Param } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';

const REDIS = Symbol('REDIS');
const prefix = process.env.FLOOR_KEY_PREFIX ?? 'floor:';

@Controller('users')
class RowController {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  @Get(':userId')
  async get(@Param('userId') userId: string): Promise<unknown> {
    const text = await this.redis.get(`${prefix}{${userId}}`);
    if (text === null) throw new NotFoundException();
    return JSON.parse(text);
  }
}

@Module({
  controllers: [RowController],
  providers: [
    {
      provide: REDIS,
      useFactory: () => new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'),
    },
  ],
})
class BenchModule {}

const app = await NestFactory.create<NestFastifyApplication>(BenchModule, new FastifyAdapter(), {
  logger: ['error'],
});
app.enableShutdownHooks();
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.stdout.write(`listening ${(app.getHttpServer().address() as AddressInfo).port}\n`);
