import { describe, expect, it } from '@jest/globals';
import { CacheConfigError } from './cache-config.error.js';
import { MAX_ELEMENT_DEPTH } from './xml-guard.js';
import { parseXmlTree } from './xml-tree.js';

const FILE = 'conf/cache-config.xml';

function failure(text: string): Pick<CacheConfigError, 'file' | 'line' | 'problem'> {
  try {
    parseXmlTree(text, FILE);
  } catch (error) {
    expect(error).toBeInstanceOf(CacheConfigError);
    const { file, line, problem } = error as CacheConfigError;
    return { file, line, problem };
  }
  throw new Error('parsed without an error');
}

const NO_DTD =
  '<!DOCTYPE> is not allowed: cache-config.xml takes no DTD (no entity declarations, no external references)';
const UNKNOWN_ENTITY = (ref: string) =>
  `unknown entity ${ref}: only &lt; &gt; &amp; &quot; &apos; and character references such as &#95; are allowed`;

describe('the lexical check of cache-config.xml', () => {
  it.each<[string, string, number, string]>([
    [
      'an internal entity (the parser would expand it)',
      '<?xml version="1.0"?>\n<!DOCTYPE cache-config [\n  <!ENTITY p "SYSTEM_Person">\n]>\n<cache-config/>',
      2,
      NO_DTD,
    ],
    [
      'an external entity',
      '<!-- x -->\n\n<!DOCTYPE cache-config SYSTEM "file:///etc/passwd">\n<cache-config/>',
      3,
      NO_DTD,
    ],
    ['a DOCTYPE in lower case', '<cache-config>\n<!doctype x>\n</cache-config>', 2, NO_DTD],
    [
      'a stray entity declaration',
      '<cache-config>\n  <!ENTITY e "x">\n</cache-config>',
      2,
      '<!ENTITY> is not allowed: only comments and CDATA sections may start with <!',
    ],
    [
      'an HTML entity in text',
      '<cache-config>\n  <cache-entity>\n    <key-properties>a&nbsp;b</key-properties>',
      3,
      UNKNOWN_ENTITY('&nbsp;'),
    ],
    [
      'an undeclared entity in an attribute, on a later line of the tag',
      '<cache-config>\n  <cache-entity po="A"\n     key-prefix="&prefix;"/>\n</cache-config>',
      3,
      UNKNOWN_ENTITY('&prefix;'),
    ],
    [
      'a bare & in an attribute',
      '<cache-config>\n\n  <cache-entity key-prefix="a & b"/>\n</cache-config>',
      3,
      'a bare "&" must be written &amp;',
    ],
    [
      'a character reference to a character XML forbids',
      '<cache-config>\n  <cache-entity key-prefix="a&#0;b"/>\n</cache-config>',
      2,
      '&#0; is not a character XML allows',
    ],
    [
      'nesting deeper than the bound (the parser would fail without a line)',
      `<cache-config>\n${'<a>\n'.repeat(200)}${'</a>'.repeat(200)}</cache-config>`,
      MAX_ELEMENT_DEPTH + 1,
      `elements are nested more than ${MAX_ELEMENT_DEPTH} deep`,
    ],
  ])('rejects %s, at its line', (_case, text, line, problem) => {
    expect(failure(text)).toEqual({ file: FILE, line, problem });
  });

  it.each([
    ['a DOCTYPE inside a comment', '<!-- <!DOCTYPE x> &nbsp; -->\n<cache-config/>'],
    ['an entity inside CDATA', '<cache-config><![CDATA[ &nbsp; <!DOCTYPE x> ]]></cache-config>'],
    ['"&" and ">" quoted in an attribute', '<cache-config a="x &amp; &#x41; > y"/>'],
    [
      'the five entities and character references',
      '<cache-config>&lt;&gt;&amp;&quot;&apos;&#95;&#x1F600;</cache-config>',
    ],
    [
      'nesting up to the bound',
      `${'<a>'.repeat(MAX_ELEMENT_DEPTH)}${'</a>'.repeat(MAX_ELEMENT_DEPTH)}`,
    ],
  ])('lets through %s', (_case, text) => {
    expect(() => parseXmlTree(text, FILE)).not.toThrow();
  });
});
