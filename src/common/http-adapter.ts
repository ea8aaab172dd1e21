import { randomBytes } from 'node:crypto';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { MAX_BODY_BYTES, MAX_PARAM_LENGTH } from './http-limits.js';

/** Request ids unique across processes: a random prefix per process, then a counter. */
function requestIds(): () => string {
  const prefix = randomBytes(4).toString('hex');
  let next = 0;
  return () => `${prefix}-${(next++).toString(36)}`;
}

/** The app's HTTP adapter: Fastify, shared by `main.ts`, the tests and the benchmarks. */
export function createHttpAdapter(): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: MAX_BODY_BYTES,
    // A client never chooses the id that ends up in the server's logs.
    requestIdHeader: false,
    genReqId: requestIds(),
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
  });
}
