/** Every error of the cache module. */
export class CacheError extends Error {
  override readonly name: string = 'CacheError';
}

/** A decorated method is used in a way that cannot be cached safely (`po-throws="true"`). */
export class CacheMisuseError extends CacheError {
  override readonly name = 'CacheMisuseError';
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
  constructor(readonly key: string) {
    super(`${key}: lost the lock before commit; rolled back`);
  }
}
