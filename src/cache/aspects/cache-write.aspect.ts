import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator.js';
import type { AnyMethod, AspectContext } from './aspect-context.js';
import { invalidKeyError } from './cache-misuse.js';

/**
 * Wraps one `@CacheEvict` method: finds the rows it touches and runs it under the write
 * protocol, inside the caller's transaction or one of its own (`CacheWriter`).
 */
export class CacheWriteAspect {
  constructor(
    private readonly context: AspectContext,
    private readonly entity: CachedEntity,
    private readonly options: CacheEvictOptions,
    private readonly original: AnyMethod,
    readonly method: string,
  ) {}

  invoke(target: object, args: unknown[]): Promise<unknown> {
    const keys = this.keysFor(args);
    if (!keys.length) return this.original.apply(target, args);
    return this.context.writer.write(this.entity, keys, () => this.original.apply(target, args));
  }

  /** Distinct keys. A write cannot skip invalidation: misuse always throws. */
  private keysFor(args: unknown[]): CacheKeys[] {
    const byRow = new Map<string, CacheKeys>();
    for (const key of this.options.keys(...args)) {
      const keys = this.entity.keysOf(key);
      if ('invalid' in keys) throw invalidKeyError(this.method, keys.invalid);
      if ('missing' in keys) {
        throw new CacheMisuseError(
          this.method,
          `does not supply the key properties ${keys.missing.join(', ')} of a row it writes`,
        );
      }
      byRow.set(keys.row, keys);
    }
    return [...byRow.values()];
  }
}
