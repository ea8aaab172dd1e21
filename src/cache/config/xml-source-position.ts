/** The 1-based line of a character offset (a newline is `\n`, `\r\n` or a lone `\r`, as in XML). */
export function lineAt(text: string, offset: number): number {
  const before = text.slice(0, Math.max(0, offset));
  return (before.match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
}

/**
 * The line of attribute `name` in the start tag that begins at `tagStart`, or the tag's own line
 * when it is not found. A start tag may span lines (docs/consistency.md's example does), so the
 * attribute's line is the one a reader needs. Quoted values are blanked first so that text inside
 * another attribute's value cannot match.
 */
export function attributeLine(text: string, tagStart: number, name: string): number {
  const tag = blankQuotedValues(startTag(text, tagStart));
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`\\s${escaped}\\s*=`).exec(tag);
  return lineAt(text, match ? tagStart + match.index + 1 : tagStart);
}

/** The start tag at `tagStart`, up to its closing `>` (a `>` inside a quoted value does not end it). */
function startTag(text: string, tagStart: number): string {
  return text.slice(tagStart, startTagEnd(text, tagStart));
}

/** The offset just past the `>` that closes the start tag at `tagStart`. */
export function startTagEnd(text: string, tagStart: number): number {
  let quote: string | undefined;
  for (let i = tagStart; i < text.length; i++) {
    const char = text[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '>') {
      return i + 1;
    }
  }
  return text.length;
}

function blankQuotedValues(tag: string): string {
  return tag.replace(/"[^"]*"|'[^']*'/g, (value) => value.replace(/[^\r\n]/g, ' '));
}
