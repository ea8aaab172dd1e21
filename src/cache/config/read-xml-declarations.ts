import type { EntityMetadata } from 'typeorm';
import {
  PO_PATTERN,
  XML_ATTRIBUTES,
  XML_ENTITY,
  XML_KEY_PROPERTIES,
  XML_ROOT,
} from './cache-config.constants.js';
import { CacheConfigError, quote } from './cache-config.error.js';
import type { CacheEntityDeclaration, CacheSetting } from './cache-entity-declaration.js';
import type { CacheExpire } from './cache-entity-options.interface.js';
import {
  TIME_UNITS,
  expireProblem,
  isTimeUnit,
  keyPrefixProblem,
  keyPropertiesProblem,
} from './cache-entity-settings.js';
import type { EntityIndex } from './entity-index.js';
import { attributeLine, lineAt } from './xml-source-position.js';
import { parseXmlTree, type XmlElement, type XmlNode } from './xml-tree.js';

const XML_NAMES: Readonly<Record<CacheSetting, string>> = {
  entity: XML_ATTRIBUTES.po,
  keyPrefix: XML_ATTRIBUTES.keyPrefix,
  keyProperties: XML_KEY_PROPERTIES,
  poThrows: XML_ATTRIBUTES.poThrows,
  expire: XML_ATTRIBUTES.keyExpire,
};
const ENTITY_ATTRIBUTES: readonly string[] = Object.values(XML_ATTRIBUTES);

/**
 * The `<cache-entity>` elements of cache-config.xml, in document order, checked for syntax,
 * shape and the form of every value, their `po` resolved to an entity. Key properties are
 * checked against the entity later, like the decorator's.
 */
export function readXmlDeclarations(
  text: string,
  file: string,
  entities: EntityIndex,
): CacheEntityDeclaration[] {
  return new XmlDeclarationReader(text, file, entities).read();
}

class XmlDeclarationReader {
  constructor(
    private readonly text: string,
    private readonly file: string,
    private readonly entities: EntityIndex,
  ) {}

  read(): CacheEntityDeclaration[] {
    const root = this.root(parseXmlTree(this.text, this.file));
    this.checkAttributes(root, []);
    return this.elements(root, XML_ENTITY).map((element) => this.declaration(element));
  }

  private root(nodes: XmlNode[]): XmlElement {
    let root: XmlElement | undefined;
    for (const node of nodes) {
      if (node.kind === 'instruction' && node.name === 'xml' && !root) continue;
      if (node.kind !== 'element') throw this.unexpected(node, root);
      if (root) {
        throw this.error(
          node,
          `only one root element is allowed; <${node.name}> follows <${root.name}>`,
        );
      }
      if (node.name !== XML_ROOT) {
        throw this.error(node, `the root element must be <${XML_ROOT}>, not <${node.name}>`);
      }
      root = node;
    }
    if (!root) throw new CacheConfigError(this.file, 1, `no <${XML_ROOT}> element`);
    return root;
  }

  /** The children of `parent`, which must all be `<name>` elements (no text, no other element). */
  private elements(parent: XmlElement, name: string): XmlElement[] {
    return parent.children.map((child) => {
      if (child.kind !== 'element') throw this.unexpected(child, parent);
      if (child.name !== name) {
        throw this.error(
          child,
          `unknown element <${child.name}> in <${parent.name}> (allowed: <${name}>)`,
        );
      }
      return child;
    });
  }

  private declaration(element: XmlElement): CacheEntityDeclaration {
    this.checkAttributes(element, ENTITY_ATTRIBUTES);
    const lists = this.elements(element, XML_KEY_PROPERTIES);
    if (lists.length === 0) {
      throw this.error(element, `<${XML_ENTITY}> needs a <${XML_KEY_PROPERTIES}> element`);
    }
    // The line of the element that lists each key property, for later errors.
    const propertyLines: number[] = [];
    const keyProperties = lists.flatMap((list) => {
      const names = this.keyPropertyNames(list);
      propertyLines.push(...names.map(() => this.line(list)));
      return names;
    });
    const settingLine = (setting: CacheSetting, keyProperty?: string): number => {
      if (setting !== 'keyProperties') return this.attributeLine(element, XML_NAMES[setting]);
      const index = keyProperty === undefined ? 0 : keyProperties.indexOf(keyProperty);
      return propertyLines[Math.max(0, index)] ?? this.line(lists[0]);
    };
    const fail = (setting: CacheSetting, problem: string, keyProperty?: string) =>
      new CacheConfigError(this.file, settingLine(setting, keyProperty), problem);

    const metadata = this.entity(element);
    const keyPrefix = this.required(element, XML_ATTRIBUTES.keyPrefix);
    const prefixProblem = keyPrefixProblem(XML_NAMES.keyPrefix, keyPrefix);
    if (prefixProblem) throw fail('keyPrefix', prefixProblem);
    const listProblem = keyPropertiesProblem(XML_KEY_PROPERTIES, keyProperties);
    if (listProblem) {
      throw new CacheConfigError(this.file, propertyLines[listProblem.index], listProblem.problem);
    }

    return {
      metadata,
      keyPrefix,
      keyProperties,
      expire: this.expire(element),
      poThrows: this.poThrows(element),
      source: `${this.file}:${this.line(element)}`,
      names: XML_NAMES,
      error: fail,
    };
  }

  /** `<key-properties>userId, tenantId</key-properties>`: comma-separated names, nothing else. */
  private keyPropertyNames(list: XmlElement): string[] {
    this.checkAttributes(list, []);
    const text = list.children.map((child) => {
      if (child.kind === 'text') return child.text;
      throw child.kind === 'element'
        ? this.error(
            child,
            `unknown element <${child.name}> in <${list.name}> (it holds property names only)`,
          )
        : this.unexpected(child, list);
    });
    return text
      .join('')
      .split(',')
      .map((name) => name.trim());
  }

  private entity(element: XmlElement): EntityMetadata {
    const po = this.required(element, XML_ATTRIBUTES.po);
    const fail = (problem: string) => this.attributeError(element, XML_ATTRIBUTES.po, problem);
    if (!PO_PATTERN.test(po)) throw fail(`po ${quote(po)} is not a class name`);
    const found = this.entities.find(po);
    if (found.length === 0) {
      throw fail(`unknown entity ${quote(po)}: the TypeORM entities are ${this.entities.names()}`);
    }
    if (found.length > 1) {
      throw fail(`po ${quote(po)} is ambiguous: ${found.length} entity classes have that name`);
    }
    return found[0];
  }

  private poThrows(element: XmlElement): boolean | undefined {
    const value = element.attributes[XML_ATTRIBUTES.poThrows] ?? '';
    if (value === '') return undefined;
    if (value === 'true' || value === 'false') return value === 'true';
    throw this.attributeError(
      element,
      XML_ATTRIBUTES.poThrows,
      `po-throws must be "true" or "false", got ${quote(value)}`,
    );
  }

  /**
   * Both empty: the module default. A value needs its unit (no default unit: "10" meaning ten
   * milliseconds or ten minutes is exactly the mistake to stop), and a unit alone is an error.
   */
  private expire(element: XmlElement): CacheExpire | undefined {
    const { keyExpire, keyExpireTimeUnit } = XML_ATTRIBUTES;
    const value = element.attributes[keyExpire] ?? '';
    const unit = element.attributes[keyExpireTimeUnit] ?? '';
    if (value === '') {
      if (unit === '') return undefined;
      throw this.attributeError(
        element,
        keyExpireTimeUnit,
        `${keyExpireTimeUnit} ${quote(unit)} without ${keyExpire}: give both, or neither for the module default`,
      );
    }
    if (!/^\d+$/.test(value)) {
      throw this.attributeError(
        element,
        keyExpire,
        `${keyExpire} must be a positive integer, or leave it empty for the module default; got ${quote(value)}`,
      );
    }
    if (unit === '') {
      throw this.attributeError(
        element,
        keyExpire,
        `${keyExpire} ${quote(value)} needs a ${keyExpireTimeUnit} (${TIME_UNITS})`,
      );
    }
    if (!isTimeUnit(unit)) {
      throw this.attributeError(
        element,
        keyExpireTimeUnit,
        `${keyExpireTimeUnit} ${quote(unit)} is not one of ${TIME_UNITS}`,
      );
    }
    const expire = { value: Number(value), unit };
    const problem = expireProblem(keyExpire, expire, 'leave it empty');
    if (problem) throw this.attributeError(element, keyExpire, problem);
    return expire;
  }

  private required(element: XmlElement, name: string): string {
    const value = element.attributes[name];
    if (value === undefined) {
      throw this.error(element, `<${element.name}> is missing the required attribute ${name}`);
    }
    return value;
  }

  private checkAttributes(element: XmlElement, allowed: readonly string[]): void {
    for (const name of Object.keys(element.attributes)) {
      if (allowed.includes(name)) continue;
      const expected = allowed.length ? `allowed: ${allowed.join(', ')}` : 'it takes none';
      throw this.attributeError(
        element,
        name,
        `unknown attribute ${name} on <${element.name}> (${expected})`,
      );
    }
  }

  private unexpected(node: XmlNode, parent: XmlElement | undefined): CacheConfigError {
    const where = parent ? ` in <${parent.name}>` : ' outside the root element';
    if (node.kind === 'text') {
      // fast-xml-parser gives text no position: report the enclosing element's line.
      return parent
        ? this.error(parent, `unexpected text ${quote(node.text)}${where}`)
        : new CacheConfigError(this.file, 1, `unexpected text ${quote(node.text)}${where}`);
    }
    const what = node.kind === 'instruction' ? `<?${node.name}?>` : `<${node.name}>`;
    return this.error(node, `unexpected ${what}${where}`);
  }

  private line(node: { start: number }): number {
    return lineAt(this.text, node.start);
  }

  private attributeLine(element: XmlElement, name: string): number {
    return attributeLine(this.text, element.start, name);
  }

  private error(node: { start: number }, problem: string): CacheConfigError {
    return new CacheConfigError(this.file, this.line(node), problem);
  }

  private attributeError(element: XmlElement, name: string, problem: string): CacheConfigError {
    return new CacheConfigError(this.file, this.attributeLine(element, name), problem);
  }
}
