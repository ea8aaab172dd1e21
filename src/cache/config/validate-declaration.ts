import type { EntityMetadata } from 'typeorm';
import { quote } from './cache-config.error.js';
import { TIME_UNIT_MS, type TimeUnit } from './cache-entity-config.interface.js';
import type {
  CacheEntityDeclaration,
  CacheSetting,
  DeclarationSite,
  RawCacheEntityDeclaration,
} from './cache-entity-declaration.js';
import type { CacheExpire } from './cache-entity-config.interface.js';
import type { CacheEntityOptions } from './cache-entity.decorator.js';
import { checkKeyProperties } from './check-key-properties.js';
import type { EntityIndex } from './entity-index.js';

// The rules of docs/consistency.md, "Configure an entity", for the XML and the decorator alike.

/** `key-prefix`: never `:` or braces, which delimit the parts of a key (`P:{K}:lock`). */
const KEY_PREFIX_PATTERN = /^[A-Za-z0-9_.-]+$/;
/** `po`: a class name, optionally package-qualified as in Java (`com.demo.po.AuthUser`). */
const PO_PATTERN = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

const OPTIONS: readonly (keyof CacheEntityOptions)[] = [
  'keyPrefix',
  'keyProperties',
  'expire',
  'poThrows',
];
const EXPIRE_OPTIONS: readonly (keyof CacheExpire)[] = ['value', 'unit'];
const TIME_UNITS = Object.keys(TIME_UNIT_MS).join(', ');

type Options = Partial<Record<keyof CacheEntityOptions, unknown>>;

/**
 * Checks one declaration, from either source, and finds its entity: every setting's form, then
 * the key properties against the entity. Errors are worded and located by the declaration's site.
 *
 * @throws {CacheConfigError} at the first problem.
 */
export function validateDeclaration(
  raw: RawCacheEntityDeclaration,
  entities: EntityIndex,
): CacheEntityDeclaration {
  const { site } = raw;
  const options = optionsOf(raw.options, site);
  const metadata = 'po' in raw.entity ? findEntity(raw.entity.po, entities, site) : raw.entity;
  const declaration: CacheEntityDeclaration = {
    metadata,
    keyPrefix: keyPrefix(options.keyPrefix, site),
    keyProperties: keyProperties(options.keyProperties, site),
    poThrows: poThrows(options.poThrows, site),
    expire: expire(options.expire, site),
    site,
  };
  checkKeyProperties(declaration);
  return declaration;
}

/** The expiry in milliseconds. */
export function expireMs(expire: CacheExpire): number {
  return expire.value * TIME_UNIT_MS[expire.unit];
}

function optionsOf(raw: unknown, site: DeclarationSite): Options {
  if (typeof raw !== 'object' || raw === null) {
    throw site.error(undefined, 'the options must be an object');
  }
  checkKnown(raw, OPTIONS, '', site);
  return raw;
}

function checkKnown(
  raw: object,
  allowed: readonly string[],
  path: string,
  site: DeclarationSite,
): void {
  const unknown = Object.keys(raw).find((name) => !allowed.includes(name));
  if (unknown === undefined) return;
  const names = allowed.map((name) => path + name).join(', ');
  throw site.error(undefined, `unknown option ${path}${unknown} (allowed: ${names})`);
}

function findEntity(
  po: string | undefined,
  entities: EntityIndex,
  site: DeclarationSite,
): EntityMetadata {
  const fail = (problem: string) => site.error('entity', problem);
  if (po === undefined) throw fail(`${site.name('entity')} is required`);
  if (!PO_PATTERN.test(po)) throw fail(`${site.name('entity')} ${quote(po)} is not a class name`);
  const found = entities.find(po);
  if (found.length === 0) {
    throw fail(`unknown entity ${quote(po)}: the TypeORM entities are ${entities.names()}`);
  }
  if (found.length > 1) {
    throw fail(
      `${site.name('entity')} ${quote(po)} is ambiguous: ${found.length} entity classes have that name`,
    );
  }
  return found[0];
}

function keyPrefix(prefix: unknown, site: DeclarationSite): string {
  const name = site.name('keyPrefix');
  const fail = (problem: string) => site.error('keyPrefix', problem);
  if (prefix === undefined) throw fail(`${name} is required`);
  if (typeof prefix !== 'string') throw fail(`${name} must be a string`);
  if (prefix === '') throw fail(`${name} is empty`);
  if (!KEY_PREFIX_PATTERN.test(prefix)) {
    throw fail(`${name} ${quote(prefix)} may only contain letters, digits, "_", "." and "-"`);
  }
  return prefix;
}

function keyProperties(properties: unknown, site: DeclarationSite): string[] {
  const name = site.name('keyProperties');
  const fail = (problem: string, index?: number) => site.error('keyProperties', problem, index);
  if (properties === undefined) throw fail(`${name} is required`);
  if (!Array.isArray(properties) || !properties.every((p) => typeof p === 'string')) {
    throw fail(`${name} must be an array of property names`);
  }
  if (properties.length === 0) throw fail(`${name} lists no property`);
  const empty = properties.indexOf('');
  if (empty >= 0) {
    throw fail(`${name} has an empty property name in ${quote(properties.join(','))}`, empty);
  }
  const repeated = properties.findIndex((property, i) => properties.indexOf(property) !== i);
  if (repeated >= 0) throw fail(`${name} lists ${quote(properties[repeated])} twice`, repeated);
  return [...properties];
}

function poThrows(value: unknown, site: DeclarationSite): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  throw site.error(
    'poThrows',
    `${site.name('poThrows')} must be true or false, got ${quote(value)}`,
  );
}

/**
 * A value needs its unit (no default unit: "10" meaning ten milliseconds or ten minutes is the
 * very mistake to stop), a unit needs its value, and 0 would expire each row as it is stored.
 */
function expire(raw: unknown, site: DeclarationSite): CacheExpire | undefined {
  if (raw === undefined) return undefined;
  const [valueName, unitName] = [site.name('expire.value'), site.name('expire.unit')];
  const fail = (setting: CacheSetting, problem: string) => site.error(setting, problem);
  if (typeof raw !== 'object' || raw === null) {
    throw fail('expire', `${site.name('expire')} must be an object {value, unit}`);
  }
  checkKnown(raw, EXPIRE_OPTIONS, `${site.name('expire')}.`, site);
  const { value, unit } = raw as Partial<Record<keyof CacheExpire, unknown>>;
  const orDefault = `${site.defaultTtl} for the module default`;
  if (value === undefined) {
    throw fail(
      'expire.unit',
      `${unitName} ${quote(unit)} without ${valueName}: give both, or ${orDefault}`,
    );
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw fail(
      'expire.value',
      `${valueName} must be a positive integer, or ${orDefault}; got ${quote(value)}`,
    );
  }
  if (value === 0) {
    throw fail(
      'expire.value',
      `${valueName} 0 would expire every row at once: give a positive integer, or ${orDefault}`,
    );
  }
  if (unit === undefined) {
    throw fail('expire.value', `${valueName} ${value} needs ${unitName} (${TIME_UNITS})`);
  }
  if (!isTimeUnit(unit)) {
    throw fail('expire.unit', `${unitName} ${quote(unit)} is not one of ${TIME_UNITS}`);
  }
  const valid = { value, unit };
  if (!Number.isSafeInteger(expireMs(valid))) {
    throw fail('expire.value', `${valueName} ${value} ${unit} is too long`);
  }
  return valid;
}

function isTimeUnit(unit: unknown): unit is TimeUnit {
  return typeof unit === 'string' && Object.hasOwn(TIME_UNIT_MS, unit);
}
