import { capMessages } from './app-validation.pipe.js';
import { maskQuoted } from './describe-error.js';
import { MAX_JSON_DEPTH, MAX_VALIDATION_MESSAGES } from './http-limits.js';
import { parseJsonBody } from './json-body.parser.js';
import { codePointLength } from './max-code-points.decorator.js';

describe('codePointLength', () => {
  it('counts code points as MySQL utf8mb4 counts characters', () => {
    expect(codePointLength('abc')).toBe(3);
    expect(codePointLength('a\ufe0f')).toBe(2);
    expect(codePointLength('\u{1f600}\u{1f600}')).toBe(2);
    expect(codePointLength('\ud800a')).toBe(2);
    expect(codePointLength('')).toBe(0);
  });
});

describe('parseJsonBody', () => {
  const parse = (text: string) => () => parseJsonBody(Buffer.from(text));

  it('parses JSON', () => expect(parseJsonBody(Buffer.from('{"a":[1]}'))).toEqual({ a: [1] }));

  it('refuses nesting deeper than the limit, without recursion', () => {
    const deep = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(parse(deep(MAX_JSON_DEPTH))).not.toThrow();
    expect(parse(deep(MAX_JSON_DEPTH + 1))).toThrow(/nested deeper than/);
    expect(parse(deep(100_000))).toThrow(/nested deeper than/);
  });

  it('refuses lone surrogates in values and keys, __proto__, empty and bad bodies', () => {
    expect(parse('{"a":"\\ud800"}')).toThrow('invalid JSON body: a holds a lone surrogate');
    expect(parse('{"\\udc00":1}')).toThrow(/a key in the body holds a lone surrogate/);
    expect(parse('{"__proto__":{"x":1}}')).toThrow(/__proto__/);
    expect(parse('  ')).toThrow('invalid JSON body: empty');
    expect(parse('{"a":')).toThrow(/^invalid JSON body: /);
    expect(() => parseJsonBody(Buffer.from([0x22, 0xff, 0x22]))).toThrow(/not valid UTF-8/);
  });
});

describe('capMessages', () => {
  it(`keeps ${MAX_VALIDATION_MESSAGES} messages and counts the rest`, () => {
    const many = Array.from({ length: 50 }, (_, index) => `m${index}`);
    const capped = capMessages(many);
    expect(capped).toHaveLength(MAX_VALIDATION_MESSAGES + 1);
    expect(capped.at(-1)).toBe(`... and ${50 - MAX_VALIDATION_MESSAGES} more problems`);
    expect(capMessages(['one'])).toEqual(['one']);
  });
});

describe('maskQuoted', () => {
  it('masks what a MySQL message quotes', () => {
    expect(maskQuoted("Duplicate entry 'secret' for key 'uq_nickname'")).toBe(
      "Duplicate entry '…' for key '…'",
    );
    expect(maskQuoted('Unknown column "x" in `t`')).toBe('Unknown column "…" in `…`');
    expect(maskQuoted("empty '' stays")).toBe("empty '' stays");
  });
});
