/**
 * The floor of the HTTP benchmark: what a GET of a cached row costs with nothing in between.
 * `node:http`, one ioredis GET of `<prefix>{userId}`, JSON.parse and JSON.stringify of the row.
 * Environment: PORT, REDIS_URL, FLOOR_KEY_PREFIX. Prints `listening <port>` once ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = process.env.FLOOR_KEY_PREFIX ?? 'floor:';

const server = createServer((request, response) => {
  const userId = decodeURIComponent((request.url ?? '').slice('/users/'.length));
  redis.get(`${prefix}{${userId}}`).then(
    (text) => {
      if (text === null) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"statusCode":404}');
        return;
      }
      const body = JSON.stringify(JSON.parse(text));
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(body);
    },
    () => response.writeHead(500).end(),
  );
});
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${(server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close();
  redis.disconnect();
});
