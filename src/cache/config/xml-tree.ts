import { XMLParser, XMLValidator, type X2jOptions } from 'fast-xml-parser';
import { CacheConfigError } from './cache-config.error.js';
import { MAX_ELEMENT_DEPTH, checkXmlLexically } from './xml-guard.js';
import { startTagEnd } from './xml-source-position.js';

/** An element of the parsed file, with the offset of its `<` in the source text. */
export interface XmlElement {
  kind: 'element';
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  start: number;
}
/** Text, with the offset where it appears to start (the parser gives text no position). */
export interface XmlText {
  kind: 'text';
  text: string;
  start: number;
}
/** A processing instruction such as `<?xml version="1.0"?>` (only allowed before the root). */
export interface XmlInstruction {
  kind: 'instruction';
  name: string;
  /** The pseudo-attributes: `version`, `encoding` of `<?xml ...?>`. */
  attributes: Record<string, string>;
  start: number;
}
export type XmlNode = XmlElement | XmlText | XmlInstruction;

const PARSER_OPTIONS: Partial<X2jOptions> = {
  preserveOrder: true,
  // Records each element's start offset: the source of every semantic error's line number.
  captureMetaData: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: true,
  // Also decodes character references (&#95;), which XML has and fast-xml-parser skips without it.
  htmlEntities: true,
  // Above the lexical check's bound, so that the check, which gives the line, fails first.
  maxNestedTags: 2 * MAX_ELEMENT_DEPTH,
};

/**
 * Checks the XML syntax (the validator gives the line of a syntax error; the parser does not)
 * and returns the document's top-level nodes, comments dropped.
 */
export function parseXmlTree(text: string, file: string): XmlNode[] {
  if (text.trim() === '') {
    throw new CacheConfigError(file, 1, `the file is empty: expected a <cache-config> element`);
  }
  checkXmlLexically(text, file);
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    throw new CacheConfigError(file, valid.err.line, `malformed XML: ${valid.err.msg}`);
  }
  let parsed: unknown;
  try {
    parsed = new XMLParser(PARSER_OPTIONS).parse(text);
  } catch (error) {
    // The validator accepted the text, so this is the parser's own limit; it gives no line.
    throw new CacheConfigError(file, undefined, `malformed XML: ${String(error)}`, {
      cause: error,
    });
  }
  return toNodes(parsed, { source: text, file }, 0).nodes;
}

const METADATA = XMLParser.getMetaDataSymbol() as unknown as string;
const ATTRIBUTES = ':@';
const TEXT = '#text';

interface Context {
  source: string;
  file: string;
}

/**
 * fast-xml-parser's ordered output (`[{tag: children, ':@': attributes}]`) as typed nodes. Only
 * elements carry an offset, so a text node is looked for in the source from the end of what
 * precedes it (the parent's start tag, or the preceding sibling); `from` is where the nodes begin.
 */
function toNodes(
  parsed: unknown,
  context: Context,
  from: number,
): { nodes: XmlNode[]; end: number } {
  if (!Array.isArray(parsed)) return { nodes: [], end: from };
  let after = from;
  const nodes = parsed.map((entry: Record<string, unknown>) => {
    const { node, end } = toNode(entry, context, after);
    after = end;
    return node;
  });
  return { nodes, end: after };
}

function toNode(
  entry: Record<string, unknown>,
  context: Context,
  after: number,
): { node: XmlNode; end: number } {
  const { source, file } = context;
  const name = Object.keys(entry).find((key) => key !== ATTRIBUTES);
  const start = (entry[METADATA] as { startIndex?: number } | undefined)?.startIndex;
  if (name === undefined || name === TEXT) {
    const text = name === undefined ? '' : String(entry[TEXT]);
    const found = text === '' ? -1 : source.indexOf(text, after);
    const node: XmlText = { kind: 'text', text, start: found < 0 ? after : found };
    return { node, end: found < 0 ? after : found + text.length };
  }
  if (start === undefined) {
    // Every element carries its offset with captureMetaData; fail loudly if a version stops.
    throw new CacheConfigError(file, undefined, `cannot locate element <${name}> in the file`);
  }
  const raw = (entry[ATTRIBUTES] ?? {}) as Record<string, unknown>;
  const attributes = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v)]));
  const tagEnd = startTagEnd(source, start);
  if (name.startsWith('?')) {
    return { node: { kind: 'instruction', name: name.slice(1), attributes, start }, end: tagEnd };
  }
  const children = toNodes(entry[name], context, tagEnd);
  const closing = source[tagEnd - 2] === '/' ? -1 : source.indexOf(`</${name}`, children.end);
  const end = closing < 0 ? tagEnd : startTagEnd(source, closing);
  return { node: { kind: 'element', name, attributes, children: children.nodes, start }, end };
}
