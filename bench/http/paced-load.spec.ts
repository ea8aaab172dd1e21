import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pacedLoad, type PacedRequest } from './paced-load.js';

/** A server that answers `/ok` 200, `/missing` 404 and drops the connection on `/drop`. */
async function startServer(seen: string[]): Promise<{ server: Server; url: string }> {
  const server = createServer((request, response) => {
    seen.push(`${request.method} ${request.url}`);
    if (request.url === '/drop') return void request.socket.destroy();
    response.writeHead(request.url === '/ok' ? 200 : 404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('pacedLoad', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];

  beforeAll(async () => ({ server, url } = await startServer(seen)));
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => (seen.length = 0));

  const run = (requests: PacedRequest[], warmupSeconds: number) => {
    let index = 0;
    return pacedLoad({
      url,
      connections: 4,
      rate: 200,
      warmupSeconds,
      durationSeconds: requests.length / 200 - warmupSeconds,
      nextRequest: () => requests[index++],
    });
  };

  it('sends every request of the schedule and counts each answer once, by its kind', async () => {
    const requests: PacedRequest[] = [
      ...Array.from({ length: 30 }, (): PacedRequest => ({ method: 'GET', path: '/ok' })),
      ...Array.from({ length: 6 }, (): PacedRequest => ({ method: 'GET', path: '/missing' })),
      ...Array.from({ length: 4 }, (): PacedRequest => ({ method: 'GET', path: '/drop' })),
    ];
    const result = await run(requests, 0);
    expect(seen).toHaveLength(40);
    expect(result).toMatchObject({ requests: 36, non2xx: 6, errors: 4, timeouts: 0 });
    expect(result.latencies).toHaveLength(30);
    expect(result.lags).toHaveLength(40);
  });

  it('sends the warm-up requests but leaves them out of the result', async () => {
    const requests: PacedRequest[] = [
      ...Array.from({ length: 20 }, (): PacedRequest => ({ method: 'GET', path: '/missing' })),
      ...Array.from({ length: 20 }, (): PacedRequest => ({
        method: 'PUT',
        path: '/ok',
        body: '{}',
      })),
    ];
    const result = await run(requests, 0.1);
    expect(seen).toHaveLength(40);
    expect(seen.slice(20).every((line) => line === 'PUT /ok')).toBe(true);
    expect(result).toMatchObject({ requests: 20, non2xx: 0, errors: 0 });
    expect(result.latencies).toHaveLength(20);
  });
});
