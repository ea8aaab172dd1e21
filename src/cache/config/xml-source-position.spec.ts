import { describe, expect, it } from '@jest/globals';
import { attributeLine, lineAt } from './xml-source-position.js';

describe('lineAt', () => {
  it('counts \\n, \\r\\n and lone \\r as one line break each', () => {
    const text = 'a\nb\r\nc\rd';
    expect([0, 2, 5, 7].map((offset) => lineAt(text, offset))).toEqual([1, 2, 3, 4]);
  });
});

describe('attributeLine', () => {
  const text = [
    '<cache-config>',
    '  <cache-entity po="key-expire=" key-prefix="a>b"',
    '     key-expire="10">',
    '    <x key-expire="nope"/>',
  ].join('\n');
  const tagStart = text.indexOf('<cache-entity');

  it('finds an attribute on a later line of a multi-line start tag', () => {
    expect(attributeLine(text, tagStart, 'key-expire')).toBe(3);
  });

  it('is not fooled by the name inside another value, nor by > inside a value', () => {
    expect(attributeLine(text, tagStart, 'key-prefix')).toBe(2);
  });

  it("falls back to the tag's line for an attribute it does not have", () => {
    expect(attributeLine(text, tagStart, 'po-throws')).toBe(2);
  });
});
