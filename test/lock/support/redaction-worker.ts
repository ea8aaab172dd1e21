/**
 * A child process for the redaction test: a LockModule whose only node is `url` (a dead port
 * with a password), with Nest's logger on at every level. Lets it retry for a while, takes a
 * lock (which fails), prints the error, and exits.
 * argv: url
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockModule, LockService, Redlock } from '../../../src/lock/index.js';

const [url] = process.argv.slice(2);
const app = await NestFactory.createApplicationContext(LockModule.forRoot({ redisUrls: [url] }), {
  logger: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
});
await sleep(500); // a few more reconnect attempts, each logged
const error = await app
  .get(LockService)
  .tryLock('redaction')
  .catch((e: unknown) => e);
console.log('lock error:', error);
console.log('lock error json:', JSON.stringify(error));
console.log('health:', JSON.stringify(await app.get(Redlock).health(100)));
await app.close();
