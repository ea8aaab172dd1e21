import { setTimeout as sleep } from 'node:timers/promises';
import type { HttpClient } from '../driver/http-client.js';

/** Waits (bounded) until every process answers /health with 200, e.g. after a Redis restart. */
export async function waitAllHealthy(
  clients: readonly HttpClient[],
  timeoutMs: number,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const statuses = await Promise.all(
      clients.map(async (client) => (await client.send('GET', '/health')).status),
    );
    if (statuses.every((status) => status === 200)) return true;
    await sleep(250);
  }
  return false;
}
