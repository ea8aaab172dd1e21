/** The lock's own ioredis clients, one per independent master (`Redis[]`), or one Cluster. */
export const LOCK_REDIS_CLIENTS = Symbol('lock:redis-clients');
/** Metadata key of `@DistributedLock` (its `DistributedLockMetadata`). */
export const DISTRIBUTED_LOCK_METADATA = 'lock:distributed-lock';
