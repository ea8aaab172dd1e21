import { KEY_PREFIX_PATTERN, RESERVED_KEY_PREFIXES } from './cache-config.constants.js';
import { quote } from './cache-config.error.js';
import { TIME_UNIT_MS, type TimeUnit } from './cache-entity-config.interface.js';
import type { CacheExpire } from './cache-entity-options.interface.js';

// Checks shared by the XML and the decorator. Each returns the problem, or undefined when fine;
// `name` is the setting as the source spells it.

export function keyPrefixProblem(name: string, prefix: string): string | undefined {
  if (prefix === '') return `${name} is empty`;
  if (!KEY_PREFIX_PATTERN.test(prefix)) {
    return `${name} ${quote(prefix)} may only contain letters, digits, "_", "." and "-"`;
  }
  if (RESERVED_KEY_PREFIXES.includes(prefix)) {
    return `${name} ${quote(prefix)} is reserved: the distributed lock's keys are ${prefix}:{resource}`;
  }
  return undefined;
}

/** The problem with a key property list, and the position of the offending entry. */
export function keyPropertiesProblem(
  name: string,
  properties: readonly string[],
): { problem: string; index: number } | undefined {
  if (properties.length === 0) return { problem: `${name} lists no property`, index: 0 };
  const empty = properties.indexOf('');
  if (empty >= 0) {
    return {
      problem: `${name} has an empty property name in ${quote(properties.join(','))}`,
      index: empty,
    };
  }
  const repeated = properties.findIndex((property, i) => properties.indexOf(property) !== i);
  if (repeated >= 0) {
    return { problem: `${name} lists ${quote(properties[repeated])} twice`, index: repeated };
  }
  return undefined;
}

export function isTimeUnit(unit: unknown): unit is TimeUnit {
  return typeof unit === 'string' && Object.hasOwn(TIME_UNIT_MS, unit);
}

export const TIME_UNITS = Object.keys(TIME_UNIT_MS).join(', ');

/**
 * `value` must be a positive integer: 0 would expire a row as it is stored. `orDefault` tells how
 * this source asks for the module default instead ("leave it empty", "omit expire").
 */
export function expireProblem(
  name: string,
  expire: CacheExpire,
  orDefault: string,
): string | undefined {
  if (!Number.isSafeInteger(expire.value) || expire.value < 0) {
    return `${name} must be a positive integer, or ${orDefault} for the module default; got ${quote(expire.value)}`;
  }
  if (expire.value === 0) {
    return `${name} 0 would expire every row at once: give a positive integer, or ${orDefault} for the module default`;
  }
  if (!Number.isSafeInteger(expireMs(expire))) {
    return `${name} ${expire.value} ${expire.unit} is too long`;
  }
  return undefined;
}

export function expireMs(expire: CacheExpire): number {
  return expire.value * TIME_UNIT_MS[expire.unit];
}
