/** The lock's own ioredis clients, one per independent master (`Redis[]`). */
export const LOCK_REDIS_CLIENTS = Symbol('LOCK_REDIS_CLIENTS');
