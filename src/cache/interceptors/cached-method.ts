import type { CachedEntity } from '../cached-entity.js';
import { CacheMisuse } from './cache-misuse.js';

/**
 * A `@Cacheable` or `@CacheEvict` method as its interceptor sees it: the decorator's options
 * with the entity they name, resolved once at start-up by `CacheExplorer`.
 */
export class CachedMethod<O> {
  readonly misuse: CacheMisuse;
  /** Set once the method was seen returning partial rows (`po-throws="false"`): it bypasses. */
  returnsPartialRows = false;

  constructor(
    /** `Class.method`, for messages. */
    readonly label: string,
    readonly entity: CachedEntity,
    readonly options: O,
  ) {
    this.misuse = new CacheMisuse(label, entity.config.poThrows);
  }
}
