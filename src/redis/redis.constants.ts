/** The cache's ioredis client (a `Redis` or a `Cluster`). */
export const REDIS_CLIENT = Symbol('REDIS_CLIENT');
