import { Cluster, type Redis } from 'ioredis';
import type { CachedEntity } from '../cached-entity.js';

const SCAN_COUNT = 1000;

/**
 * Deletes every cached row and every fill lease of `entities` (`P:{K}` and `P:{K}:lease`, by
 * SCAN over the key space, page by page), leaving writers' markers (`P:{K}:lock`) alone. For
 * when the binlog between the saved position and now cannot be read. Bounded: one pass over the
 * key space, `SCAN_COUNT` keys a round trip. A lease taken during the pass belongs to a reader
 * that loads after the missed writes committed, so it may fill. Returns the keys deleted.
 */
export async function invalidateAllRows(
  redis: Redis | Cluster,
  entities: readonly CachedEntity[],
): Promise<number> {
  const prefix = redis.options.keyPrefix ?? '';
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  let deleted = 0;
  for (const entity of entities) {
    const pattern = `${escapeGlob(prefix + entity.config.keyPrefix)}:{*`;
    for (const node of nodes) deleted += await deleteMatching(redis, node, pattern, prefix);
  }
  return deleted;
}

async function deleteMatching(
  redis: Redis | Cluster,
  node: Redis,
  pattern: string,
  prefix: string,
): Promise<number> {
  let cursor = '0';
  let deleted = 0;
  do {
    const [next, found] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', SCAN_COUNT);
    cursor = next;
    // SCAN answers full names; the client adds its prefix to every key it is given again.
    const keys = found.filter((key) => !key.endsWith(':lock')).map((k) => k.slice(prefix.length));
    if (keys.length) {
      // One slot per row on a cluster: one UNLINK each, sent together.
      const counts = await Promise.all(
        redis instanceof Cluster ? keys.map((key) => redis.unlink(key)) : [redis.unlink(...keys)],
      );
      deleted += counts.reduce((sum, count) => sum + count, 0);
    }
  } while (cursor !== '0');
  return deleted;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`);
}
