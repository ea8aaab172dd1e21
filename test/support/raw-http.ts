import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Listens on a free port of 127.0.0.1 (once) and answers `http://127.0.0.1:<port>`. */
export async function listenLocally(app: NestFastifyApplication): Promise<string> {
  const server = app.getHttpServer();
  if (!server.listening) await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * One request with exactly these bytes and headers (supertest re-encodes a Buffer as JSON and
 * sets Content-Length itself). Without `body`, only the headers go out and the request stays
 * open: an answer then came from the headers alone.
 */
export function rawRequest(
  baseUrl: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: Buffer },
): Promise<RawAnswer> {
  const url = new URL(options.path, baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method, headers: options.headers });
    outgoing.on('response', (incoming) => {
      let body = '';
      incoming.on('data', (chunk: Buffer) => (body += chunk.toString()));
      incoming.on('end', () =>
        resolve({ status: incoming.statusCode!, headers: incoming.headers, body }),
      );
    });
    outgoing.on('error', reject);
    if (options.body) outgoing.end(options.body);
    else outgoing.flushHeaders();
  });
}
