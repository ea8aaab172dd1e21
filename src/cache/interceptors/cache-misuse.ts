import { Logger } from '@nestjs/common';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';

/** A key value that cannot name one row: always an error, whatever `po-throws` says. */
export function invalidKeyError(method: string, invalid: string): CacheMisuseError {
  return new CacheMisuseError(
    method,
    `key ${invalid}: a key value must be a string, a finite number or a bigint`,
  );
}

/** `po-throws`: a misuse is an error (true), or one warning per method and a bypass (false). */
export class CacheMisuse {
  private readonly logger = new Logger('Cache');
  private warned = false;

  constructor(
    private readonly method: string,
    private readonly poThrows: boolean,
  ) {}

  /**
   * The keys of a cached read's `key`: throws for a value that cannot be a key; reports (error
   * or warning) a key that lacks some key property, then undefined: the call cannot be cached.
   */
  keysOf(entity: CachedEntity, key: object): CacheKeys | undefined {
    const keys = entity.keysOf(key);
    if ('invalid' in keys) throw invalidKeyError(this.method, keys.invalid);
    if ('missing' in keys) {
      this.report(`does not supply the key properties ${keys.missing.join(', ')}`);
      return undefined;
    }
    return keys;
  }

  report(problem: string): void {
    if (this.poThrows) throw new CacheMisuseError(this.method, problem);
    if (!this.warned) {
      this.warned = true;
      this.logger.warn(`${this.method}: ${problem}; not cached (po-throws="false")`);
    }
  }
}
