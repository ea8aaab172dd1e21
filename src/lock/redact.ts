import { Cluster } from 'ioredis';
import type { RedisLike } from './lock-scripts.js';

/**
 * A Redis URL fit for logs, errors and metrics: the credentials become `***`
 * (`redis://:secret@host:6379/0` → `redis://***@host:6379`), and the path is dropped.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const credentials = parsed.username || parsed.password ? '***@' : '';
    const port = parsed.port || '6379';
    return `${parsed.protocol}//${credentials}${parsed.hostname}:${port}`;
  } catch {
    return 'redis://***'; // not a URL: say nothing of it
  }
}

/** host:port of a standalone client, or `cluster(host:port,...)`: never a password. */
export function nodeName(client: RedisLike): string {
  if (client instanceof Cluster) {
    const seeds = (client as unknown as { startupNodes?: { host?: string; port?: number }[] })
      .startupNodes;
    const list = (seeds ?? []).map((node) => `${node.host ?? '?'}:${node.port ?? '?'}`).join(',');
    return `cluster(${list})`;
  }
  const options = client.options as { host?: string; port?: number };
  return `${options.host ?? '?'}:${options.port ?? '?'}`;
}
