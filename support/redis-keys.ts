import { Redis } from 'ioredis';

/**
 * Deletes every key under `prefix` through a client of its own, with SCAN (never KEYS: the
 * Redis may be the shared one). A Redis that is gone (fault tests stop theirs) has nothing left.
 */
export async function deleteKeysWithPrefix(url: string, prefix: string): Promise<void> {
  if (!prefix) return;
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  try {
    const stream = redis.scanStream({ match: `${prefix}*`, count: 500 });
    for await (const keys of stream as AsyncIterable<string[]>) {
      if (keys.length) await redis.del(...keys);
    }
  } catch {
    // Nothing to delete on a server that is no longer there.
  } finally {
    redis.disconnect();
  }
}
