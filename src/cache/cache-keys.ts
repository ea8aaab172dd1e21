/** The Redis keys of one cached row. All share the `{K}` hash tag: one Cluster slot. */
export interface CacheKeys {
  /** `P:{K}`: the row's JSON, or the negative marker. */
  readonly row: string;
  /** `P:{K}:lock`: the delete-cache lock; under `lease` the marker of every writer in progress. */
  readonly lock: string;
  /** `P:{K}:lease`: the token of the one reader allowed to fill the row. */
  readonly lease: string;
}

/**
 * The keys for prefix `P` and key values `v1..vn`: each value `encodeURIComponent`-encoded (which
 * encodes `:`, `{`, `}` and `%`), joined by `:`. The encoding is injective and the joined values
 * never contain the separator or a brace, so distinct keys never collide and the tag stays intact.
 * Throws URIError on a lone UTF-16 surrogate (MySQL could not store it either).
 */
export function cacheKeys(prefix: string, values: readonly unknown[]): CacheKeys {
  let tag = '';
  for (let i = 0; i < values.length; i++) tag = appendKeyValue(tag, i, values[i]);
  return rowKeys(prefix, tag);
}

/** `tag` with `value`, encoded, as its value number `index` (from 0): `cacheKeys`' one step. */
export function appendKeyValue(tag: string, index: number, value: unknown): string {
  return (index ? `${tag}:` : '') + encodeKeyValue(value);
}

/** The keys of prefix `P` and tag `K` (values already encoded and joined, as `cacheKeys` does). */
export function rowKeys(prefix: string, tag: string): CacheKeys {
  return new RowKeys(`${prefix}:{${tag}}`);
}

/** The characters `encodeURIComponent` leaves as they are. */
const UNRESERVED = /^[A-Za-z0-9\-_.!~*'()]*$/;

/**
 * One key value as `encodeURIComponent(String(value))` encodes it. A value that encoding would
 * leave unchanged (most ids) is tested, not encoded: half the cost on the hit path.
 */
function encodeKeyValue(value: unknown): string {
  const text = String(value);
  return UNRESERVED.test(text) ? text : encodeURIComponent(text);
}

/** The other keys are derived only when used: a cache hit needs the row key alone. */
class RowKeys implements CacheKeys {
  constructor(readonly row: string) {}

  get lock(): string {
    return `${this.row}:lock`;
  }

  get lease(): string {
    return `${this.row}:lease`;
  }
}
