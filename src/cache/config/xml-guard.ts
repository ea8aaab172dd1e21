import { CacheConfigError } from './cache-config.error.js';
import { lineAt } from './xml-source-position.js';

/**
 * cache-config.xml needs three levels (`<cache-config>`, `<cache-entity>`, `<key-properties>`);
 * the bound only keeps a hostile file from reaching the parser's own limit, whose error has no
 * line. The parser is given a higher one.
 */
export const MAX_ELEMENT_DEPTH = 32;

const PREDEFINED = /&(?:lt|gt|amp|quot|apos);|&#([0-9]+);|&#x([0-9a-fA-F]+);/y;
const NAMED_REFERENCE = /&[A-Za-z_:][\w.:-]*;/y;

/**
 * Lexical checks made before the XML is parsed, each failing with the line: no `<!DOCTYPE>` nor
 * any other declaration (a DTD is how entity expansion, "billion laughs", and external entities
 * get in; the parser would expand internal ones), no entity reference other than XML's five and
 * character references (the parser would decode HTML ones such as `&nbsp;` that XML does not
 * have), and no deeper nesting than `MAX_ELEMENT_DEPTH`. Comments, CDATA sections and processing
 * instructions are skipped whole; an unterminated one is left to the syntax check.
 */
export function checkXmlLexically(text: string, file: string): void {
  const fail = (offset: number, problem: string) =>
    new CacheConfigError(file, lineAt(text, offset), problem);
  let depth = 0;
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '&') {
      checkReference(text, i, fail);
      i++;
    } else if (char !== '<') {
      i++;
    } else if (text.startsWith('<!--', i)) {
      i = skipPast(text, i + 4, '-->');
    } else if (text.startsWith('<![CDATA[', i)) {
      i = skipPast(text, i + 9, ']]>');
    } else if (text.startsWith('<?', i)) {
      i = skipPast(text, i + 2, '?>');
    } else if (text.startsWith('<!', i)) {
      const name = /<!([A-Za-z]*)/y.exec(text.slice(i, i + 20))?.[1] ?? '';
      throw fail(
        i,
        name.toUpperCase() === 'DOCTYPE'
          ? '<!DOCTYPE> is not allowed: cache-config.xml takes no DTD (no entity declarations, no external references)'
          : `<!${name}> is not allowed: only comments and CDATA sections may start with <!`,
      );
    } else {
      const end = endOfTag(text, i, fail);
      if (text[i + 1] === '/') depth--;
      else if (text[end - 1] !== '/' && ++depth > MAX_ELEMENT_DEPTH) {
        throw fail(i, `elements are nested more than ${MAX_ELEMENT_DEPTH} deep`);
      }
      i = end + 1;
    }
  }
}

type Fail = (offset: number, problem: string) => CacheConfigError;

/** The offset of the `>` that ends the tag starting at `start` (a quoted `>` does not end it). */
function endOfTag(text: string, start: number, fail: Fail): number {
  let quote: string | undefined;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
      else if (char === '&') checkReference(text, i, fail);
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i;
    }
  }
  return text.length;
}

function skipPast(text: string, from: number, terminator: string): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? text.length : end + terminator.length;
}

function checkReference(text: string, offset: number, fail: Fail): void {
  PREDEFINED.lastIndex = offset;
  const match = PREDEFINED.exec(text);
  if (match) {
    const [, decimal, hex] = match;
    const code = decimal ? Number(decimal) : hex ? parseInt(hex, 16) : undefined;
    if (code !== undefined && !isXmlChar(code)) {
      throw fail(offset, `${match[0]} is not a character XML allows`);
    }
    return;
  }
  NAMED_REFERENCE.lastIndex = offset;
  const named = NAMED_REFERENCE.exec(text);
  throw fail(
    offset,
    named
      ? `unknown entity ${named[0]}: only &lt; &gt; &amp; &quot; &apos; and character references such as &#95; are allowed`
      : 'a bare "&" must be written &amp;',
  );
}

/** XML 1.0 `Char`: tab, newline, carriage return and the Unicode scalar values from U+0020. */
function isXmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}
