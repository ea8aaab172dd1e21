import { Injectable } from '@nestjs/common';
import type { CacheKeys } from '../cache-keys.js';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator.js';
import type { MethodInterceptor, MethodInvocation } from '../method-interceptor.interface.js';
import { CacheWriter } from '../writes/cache-writer.js';
import { invalidKeyError } from './cache-misuse.js';
import type { CachedMethod } from './cached-method.js';

export type CacheWrite = MethodInvocation<CachedMethod<CacheEvictOptions>>;

/**
 * Applies a `@CacheEvict` method: finds the rows it touches and runs it under the write
 * protocol, inside the caller's transaction or one of its own (`CacheWriter`; docs/consistency.md,
 * "Write").
 */
@Injectable()
export class CacheWriteInterceptor implements MethodInterceptor<CachedMethod<CacheEvictOptions>> {
  constructor(private readonly writer: CacheWriter) {}

  async intercept(invocation: CacheWrite, next: () => Promise<unknown>): Promise<unknown> {
    const keys = this.keysFor(invocation);
    if (!keys.length) return next();
    return this.writer.write(invocation.metadata.entity, keys, next);
  }

  /** Distinct keys. A write cannot skip invalidation: misuse always throws. */
  private keysFor({ metadata, args }: CacheWrite): CacheKeys[] {
    const byRow = new Map<string, CacheKeys>();
    for (const key of metadata.options.keys(...args)) {
      const keys = metadata.entity.keysOf(key);
      if ('invalid' in keys) throw invalidKeyError(metadata.label, keys.invalid);
      if ('missing' in keys) {
        throw new CacheMisuseError(
          metadata.label,
          `does not supply the key properties ${keys.missing.join(', ')} of a row it writes`,
        );
      }
      byRow.set(keys.row, keys);
    }
    return [...byRow.values()];
  }
}
