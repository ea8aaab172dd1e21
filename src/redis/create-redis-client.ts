import { Cluster, Redis } from 'ioredis';
import type { RedisConfig } from '../config/app-config.interface.js';

export type RedisClient = Redis | Cluster;

/**
 * One client for the cache: commands fail fast while disconnected (no offline queue) or stalled
 * (`commandTimeout`), so that a read falls back to MySQL at once and a write is refused before it
 * touches MySQL.
 */
export function createRedisClient(config: RedisConfig): RedisClient {
  const common = {
    keyPrefix: config.keyPrefix,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: config.commandTimeoutMs,
    // Commands issued in the same tick leave in one socket write: under load, one write per
    // command was the largest single cost of a cache hit over HTTP (docs/benchmarks.md, "HTTP").
    enableAutoPipelining: true,
  };
  if (config.clusterNodes) {
    return new Cluster(config.clusterNodes, {
      keyPrefix: config.keyPrefix,
      enableOfflineQueue: false,
      enableAutoPipelining: true,
      redisOptions: common,
    });
  }
  return new Redis(config.url, {
    ...common,
    // Reconnect at once after a dropped connection (25 ms, then doubling up to 1 s).
    retryStrategy: (attempt) => Math.min(25 * 2 ** (attempt - 1), 1000),
  });
}
