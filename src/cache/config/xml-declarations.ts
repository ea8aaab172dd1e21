import { CacheConfigError, quote } from './cache-config.error.js';
import type {
  CacheSetting,
  DeclarationSite,
  RawCacheEntityDeclaration,
} from './cache-entity-declaration.js';
import { attributeLine, lineAt } from './xml-source-position.js';
import { parseXmlTree, type XmlElement, type XmlNode } from './xml-tree.js';

// The elements and attributes of cache-config.xml (docs/consistency.md, "Configure an entity");
// config/cache-config.xsd describes the same file for editors.
const ROOT = 'cache-config';
const ENTITY = 'cache-entity';
const KEY_PROPERTIES = 'key-properties';
const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
/** Only what lets an editor find config/cache-config.xsd. */
const ROOT_ATTRIBUTES = ['xmlns:xsi', 'xsi:noNamespaceSchemaLocation'];
const NAMES: Readonly<Record<CacheSetting, string>> = {
  entity: 'po',
  keyPrefix: 'key-prefix',
  keyProperties: KEY_PROPERTIES,
  poThrows: 'po-throws',
  expire: 'key-expire',
  'expire.value': 'key-expire',
  'expire.unit': 'key-expire-time-unit',
};
const ENTITY_ATTRIBUTES = [...new Set(Object.values(NAMES))].filter((n) => n !== KEY_PROPERTIES);

/**
 * The `<cache-entity>` elements of cache-config.xml, in document order, as the decorator would
 * declare them, with a site that locates each setting: the XML's own rules (syntax, elements,
 * attributes) are checked here, the settings' values by the validator shared with the decorator.
 */
export function readXmlDeclarations(text: string, file: string): RawCacheEntityDeclaration[] {
  const fail = (offset: number, problem: string) =>
    new CacheConfigError(file, lineAt(text, offset), problem);
  const root = rootOf(parseXmlTree(text, file), fail);
  checkRootAttributes(root, text, file);
  return children(root, ENTITY, fail).map((element) => declaration(element, text, file, fail));
}

type Fail = (offset: number, problem: string) => CacheConfigError;

function rootOf(nodes: XmlNode[], fail: Fail): XmlElement {
  let root: XmlElement | undefined;
  for (const node of nodes) {
    if (node.kind === 'instruction' && node.name === 'xml' && !root) {
      const encoding = node.attributes.encoding ?? 'UTF-8';
      if (encoding.toUpperCase() !== 'UTF-8') {
        throw fail(node.start, `encoding ${quote(encoding)}: cache-config.xml is read as UTF-8`);
      }
      continue;
    }
    if (node.kind !== 'element') throw unexpected(node, undefined, fail);
    if (root) {
      throw fail(
        node.start,
        `only one root element is allowed; <${node.name}> follows <${root.name}>`,
      );
    }
    if (node.name !== ROOT) {
      throw fail(node.start, `the root element must be <${ROOT}>, not <${node.name}>`);
    }
    root = node;
  }
  if (!root) throw fail(0, `no <${ROOT}> element`);
  return root;
}

function checkRootAttributes(root: XmlElement, text: string, file: string): void {
  checkAttributes(root, ROOT_ATTRIBUTES, text, file);
  const fail = (name: string, problem: string) =>
    new CacheConfigError(file, attributeLine(text, root.start, name), problem);
  const [xmlns, location] = ROOT_ATTRIBUTES.map((name) => root.attributes[name]);
  if (xmlns !== undefined && xmlns !== XSI) {
    throw fail(
      ROOT_ATTRIBUTES[0],
      `${ROOT_ATTRIBUTES[0]} must be ${quote(XSI)}, got ${quote(xmlns)}`,
    );
  }
  if (location !== undefined && xmlns === undefined) {
    throw fail(
      ROOT_ATTRIBUTES[1],
      `${ROOT_ATTRIBUTES[1]} needs ${ROOT_ATTRIBUTES[0]}=${quote(XSI)}`,
    );
  }
}

function declaration(
  element: XmlElement,
  text: string,
  file: string,
  fail: Fail,
): RawCacheEntityDeclaration {
  checkAttributes(element, ENTITY_ATTRIBUTES, text, file);
  const lists = children(element, KEY_PROPERTIES, fail);
  // The line of the element that lists each key property, for errors about that property.
  const propertyLines: number[] = [];
  const keyProperties = lists.flatMap((list) => {
    checkAttributes(list, [], text, file);
    const names = propertyNames(list, fail);
    propertyLines.push(...names.map(() => lineAt(text, list.start)));
    return names;
  });
  const site: DeclarationSite = {
    source: `${file}:${lineAt(text, element.start)}`,
    name: (setting) => NAMES[setting],
    defaultTtl: `leave ${NAMES['expire.value']} and ${NAMES['expire.unit']} empty`,
    error: (setting, problem, index) => {
      const line =
        setting === undefined
          ? lineAt(text, element.start)
          : setting === 'keyProperties' && lists.length > 0
            ? (propertyLines[index ?? 0] ?? lineAt(text, lists[0].start))
            : attributeLine(text, element.start, NAMES[setting]);
      return new CacheConfigError(file, line, problem);
    },
  };
  // An empty optional attribute means "not given": the default (docs/consistency.md).
  const attribute = (setting: CacheSetting): string | undefined => {
    const value = element.attributes[NAMES[setting]];
    return value === '' ? undefined : value;
  };
  return {
    entity: { po: element.attributes[NAMES.entity] },
    options: {
      keyPrefix: element.attributes[NAMES.keyPrefix],
      keyProperties: lists.length ? keyProperties : undefined,
      poThrows: booleanOf(attribute('poThrows')),
      expire: expireOf(attribute('expire.value'), attribute('expire.unit')),
    },
    site,
  };
}

/** `"true"` and `"false"` as the decorator writes them; anything else as written, to be refused. */
function booleanOf(value: string | undefined): boolean | string | undefined {
  return value === 'true' ? true : value === 'false' ? false : value;
}

/** `{ value, unit }` as the decorator writes it; a value that is not digits stays a string. */
function expireOf(value: string | undefined, unit: string | undefined): object | undefined {
  if (value === undefined && unit === undefined) return undefined;
  return { value: value !== undefined && /^\d+$/.test(value) ? Number(value) : value, unit };
}

/** `<key-properties>userId, tenantId</key-properties>`: comma-separated names, nothing else. */
function propertyNames(list: XmlElement, fail: Fail): string[] {
  const text = list.children.map((child) => {
    if (child.kind === 'text') return child.text;
    throw child.kind === 'element'
      ? fail(
          child.start,
          `unknown element <${child.name}> in <${list.name}> (it holds property names only)`,
        )
      : unexpected(child, list, fail);
  });
  return text
    .join('')
    .split(',')
    .map((name) => name.trim());
}

/** The children of `parent`, which must all be `<name>` elements (no text, no other element). */
function children(parent: XmlElement, name: string, fail: Fail): XmlElement[] {
  return parent.children.map((child) => {
    if (child.kind !== 'element') throw unexpected(child, parent, fail);
    if (child.name !== name) {
      throw fail(
        child.start,
        `unknown element <${child.name}> in <${parent.name}> (allowed: <${name}>)`,
      );
    }
    return child;
  });
}

function checkAttributes(
  element: XmlElement,
  allowed: readonly string[],
  text: string,
  file: string,
): void {
  for (const name of Object.keys(element.attributes)) {
    if (allowed.includes(name)) continue;
    const expected = allowed.length ? `allowed: ${allowed.join(', ')}` : 'it takes none';
    throw new CacheConfigError(
      file,
      attributeLine(text, element.start, name),
      `unknown attribute ${name} on <${element.name}> (${expected})`,
    );
  }
}

function unexpected(node: XmlNode, parent: XmlElement | undefined, fail: Fail): CacheConfigError {
  const where = parent ? ` in <${parent.name}>` : ' outside the root element';
  if (node.kind === 'text') return fail(node.start, `unexpected text ${quote(node.text)}${where}`);
  const what = node.kind === 'instruction' ? `<?${node.name}?>` : `<${node.name}>`;
  return fail(node.start, `unexpected ${what}${where}`);
}
