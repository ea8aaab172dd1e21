import { cacheKeys } from './cache-keys.js';

/** Redis Cluster's rule: the slot hashes the text between the first `{` and the next `}`. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

describe('cacheKeys', () => {
  it('builds the keys of docs/consistency.md, "Configure an entity"', () => {
    const keys = cacheKeys('SYSTEM_Person', ['alice']);
    expect([keys.row, keys.lock, keys.lease]).toEqual([
      'SYSTEM_Person:{alice}',
      'SYSTEM_Person:{alice}:lock',
      'SYSTEM_Person:{alice}:lease',
    ]);
    expect(cacheKeys('P', ['a', 7]).row).toBe('P:{a:7}');
  });

  const awkward = [
    'a:b',
    'a',
    'b',
    'a}b',
    '{a}',
    '}',
    '{',
    '%',
    '%25',
    '%3A',
    '100%',
    'ünï©ødé',
    '😀',
    ' ',
    'a b',
    '',
  ];

  it('never collides, even for values containing the separator, braces or %', () => {
    const single = awkward.map((value) => cacheKeys('P', [value]).row);
    expect(new Set(single).size).toBe(awkward.length);
    const pairs = awkward.flatMap((a) => awkward.map((b) => cacheKeys('P', [a, b]).row));
    expect(new Set(pairs).size).toBe(awkward.length ** 2);
    // ['a:b'] vs ['a', 'b']: one value containing the separator is not two values
    expect(cacheKeys('P', ['a:b']).row).not.toBe(cacheKeys('P', ['a', 'b']).row);
  });

  it('keeps every key of a row in the one hash tag (one Cluster slot)', () => {
    for (const value of awkward.filter(Boolean)) {
      const keys = cacheKeys('P', [value, 'x']);
      const tags = [keys.row, keys.lock, keys.lease].map(hashTag);
      expect(new Set(tags).size).toBe(1);
      expect(tags[0]).toBe(`${encodeURIComponent(value)}:x`);
    }
  });

  it('encodes every value exactly as encodeURIComponent does (keys written before stay valid)', () => {
    const everyAscii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const values: unknown[] = [
      ...awkward,
      ...everyAscii,
      'bench-hit',
      "a-Z_0.9!~*'()",
      7,
      -1.5,
      10n,
    ];
    for (const value of values) {
      expect(cacheKeys('P', [value]).row).toBe(`P:{${encodeURIComponent(String(value))}}`);
    }
  });

  it('refuses a lone surrogate (not valid Unicode; MySQL could not store it)', () => {
    expect(() => cacheKeys('P', ['\uD800'])).toThrow(URIError);
  });
});
