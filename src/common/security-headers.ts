import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** helmet's defaults, with a CSP that lets Swagger UI (/docs) load its own files. */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    directives: {
      defaultSrc: ["'self'"],
      styleSrc: ["'self'", "'unsafe-inline'"],
      imgSrc: ["'self'", 'data:'],
      scriptSrc: ["'self'"],
    },
  },
};

/**
 * The headers helmet sets for `options`, computed once: none of them depends on the request.
 * (`@fastify/helmet` builds helmet's middleware again on every request, CSP parsing included:
 * 8.7 % of the app's CPU on a cache hit, see docs/benchmarks.md "HTTP".)
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader(name: string, value: unknown) {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  // helmet 8 throws a bad option at once rather than passing it to `next`.
  helmet(options)({} as IncomingMessage, response as unknown as ServerResponse, () => undefined);
  return headers;
}

/** helmet's headers on every response (routes, 404s, errors); Fastify sends no X-Powered-By. */
export function registerSecurityHeaders(fastify: FastifyInstance): void {
  const headers = helmetHeaders(HELMET_OPTIONS);
  fastify.addHook('onRequest', (_request, reply, done) => {
    void reply.headers(headers);
    done();
  });
}
