/**
 * The base of every error the cache module throws. `code` is stable (match on it rather than on
 * the message).
 */
export class CacheError extends Error {
  override readonly name: string = 'CacheError';
  readonly code: string = 'CACHE_ERROR';
}

/**
 * The module cannot run as set up: an unknown strategy, no ambient transactions of
 * `@nestjs-cls/transactional` over TypeORM. Stops start-up.
 */
export class CacheSetupError extends CacheError {
  override readonly name = 'CacheSetupError';
  override readonly code = 'CACHE_SETUP';
}

/** A decorated method is used in a way that cannot be cached safely (`po-throws="true"`). */
export class CacheMisuseError extends CacheError {
  override readonly name = 'CacheMisuseError';
  override readonly code = 'CACHE_MISUSE';
  constructor(
    readonly method: string,
    readonly problem: string,
  ) {
    super(`${method}: ${problem}`);
  }
}

/** A write cannot start because Redis is unreachable: MySQL was not touched (HTTP 503). */
export class CacheUnavailableError extends CacheError {
  override readonly name = 'CacheUnavailableError';
  override readonly code = 'CACHE_UNAVAILABLE';
  constructor(
    readonly entity: string,
    options?: ErrorOptions,
  ) {
    super(`cache unavailable: ${entity} cannot be written while Redis is unreachable`, options);
  }
}

/** `seed-lock`: another writer held the row's lock for longer than the wait bound (HTTP 503). */
export class CacheWriteTimeoutError extends CacheError {
  override readonly name = 'CacheWriteTimeoutError';
  override readonly code = 'CACHE_WRITE_TIMEOUT';
  constructor(
    readonly key: string,
    readonly waitedMs: number,
  ) {
    super(`${key} is being written by another request; gave up after ${waitedMs} ms`);
  }
}

/** `seed-lock`: the writer found before commit that it no longer held the lock (rolled back). */
export class CacheLockLostError extends CacheError {
  override readonly name = 'CacheLockLostError';
  override readonly code = 'CACHE_LOCK_LOST';
  constructor(readonly key: string) {
    super(`${key}: lost the lock before commit; rolled back`);
  }
}
