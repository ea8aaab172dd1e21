import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/**
 * Swagger UI at `path`, for the OpenAPI document at `documentUrl`: the few files of
 * `swagger-ui-dist` it needs, read once, and an init script of its own (no inline script, so
 * the CSP can say `script-src 'self'`). Nest's SwaggerModule would serve them through
 * `@fastify/static`, whose current major requires an ES-module-only package that Jest cannot
 * load on Node 20.
 */
export function serveSwaggerUi(fastify: FastifyInstance, path: string, documentUrl: string): void {
  const root = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const html = [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>consistent-cache API</title>',
    `<link rel="stylesheet" href="${path}/swagger-ui.css">`,
    `<link rel="icon" type="image/png" href="${path}/favicon-32x32.png" sizes="32x32">`,
    '</head><body><div id="swagger-ui"></div>',
    `<script src="${path}/swagger-ui-bundle.js"></script>`,
    `<script src="${path}/swagger-ui-init.js"></script>`,
    '</body></html>',
  ].join('\n');
  const init = `window.onload = () => { window.ui = SwaggerUIBundle({ url: ${JSON.stringify(documentUrl)}, dom_id: '#swagger-ui' }); };\n`;
  const page = (_request: unknown, reply: { type(t: string): { send(b: string): unknown } }) =>
    reply.type('text/html; charset=utf-8').send(html);
  fastify.get(path, page);
  fastify.get(`${path}/`, page);
  fastify.get(`${path}/swagger-ui-init.js`, (_request, reply) =>
    reply.type('application/javascript; charset=utf-8').send(init),
  );
  for (const [file, type] of Object.entries(ASSETS)) {
    const content = readFileSync(join(root, file));
    fastify.get(`${path}/${file}`, (_request, reply) =>
      reply.type(type).header('Cache-Control', 'public, max-age=86400').send(content),
    );
  }
}
