/**
 * A child process for the once-per-period test: one app instance (LockModule on the shared
 * Redis under the test's prefix) whose job ticks once in every period from `firstPeriod` on, at
 * a random moment of the period's first 300 ms, as every instance's scheduler would. Each run
 * is recorded in the Redis list `runs`. Once started it counts itself in `ready` and waits for
 * the first period on the list `start` (so that a slow start cannot make it miss periods).
 * argv: keyPrefix periods periodMs
 */
import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { DistributedLock, LockModule } from '../../../src/lock/index.js';

const [keyPrefix, periodsText, periodText] = process.argv.slice(2);
const [periods, periodMs] = [periodsText, periodText].map(Number);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const recorder = new Redis(redisUrl, { keyPrefix });

@Injectable()
class PeriodJob {
  @DistributedLock('job:period-test', { oncePerPeriodMs: periodMs })
  async round(): Promise<void> {
    const start = Date.now();
    await sleep(50);
    const run = { pid: process.pid, period: Math.floor(start / periodMs), start, end: Date.now() };
    await recorder.rpush('runs', JSON.stringify(run));
  }
}

@Module({ providers: [PeriodJob] })
class JobModule {}

@Module({ imports: [LockModule.forRoot({ redisUrls: [redisUrl], keyPrefix }), JobModule] })
class WorkerModule {}

const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error'] });
const job = app.get(PeriodJob);
const starter = new Redis(redisUrl, { keyPrefix });
await recorder.incr('ready');
const [, firstText] = (await starter.blpop('start', 0))!;
starter.disconnect();
const first = Number(firstText);
for (let period = first; period < first + periods; period++) {
  const tickAt = period * periodMs + Math.random() * 300;
  await sleep(Math.max(0, tickAt - Date.now()));
  await job.round();
}
await app.close();
recorder.disconnect();
