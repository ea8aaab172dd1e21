import type { EntityMetadata } from 'typeorm';
import { CacheConfigError, quote } from './cache-config.error.js';
import type { CacheEntityDeclaration, CacheSetting } from './cache-entity-declaration.js';
import type { CacheEntityOptions, CacheExpire } from './cache-entity-options.interface.js';
import { getCacheEntityOptions } from './cache-entity.decorator.js';
import {
  TIME_UNITS,
  expireProblem,
  isTimeUnit,
  keyPrefixProblem,
  keyPropertiesProblem,
} from './cache-entity-settings.js';
import { isClassEntity } from './entity-index.js';

const DECORATOR_NAMES: Readonly<Record<CacheSetting, string>> = {
  entity: 'entity',
  keyPrefix: 'keyPrefix',
  keyProperties: 'keyProperties',
  poThrows: 'poThrows',
  expire: 'expire',
};
const OPTION_NAMES: readonly string[] = ['keyPrefix', 'keyProperties', 'expire', 'poThrows'];

/**
 * The `@CacheEntity` options of the TypeORM entities, checked for form. The options are typed,
 * but checked again at run time: JavaScript callers and `as` casts get past the types.
 */
export function readDecoratorDeclarations(
  metadatas: readonly EntityMetadata[],
): CacheEntityDeclaration[] {
  return metadatas.filter(isClassEntity).flatMap((metadata) => {
    const options = getCacheEntityOptions(metadata.target as object);
    return options === undefined ? [] : [declaration(metadata, options)];
  });
}

function declaration(metadata: EntityMetadata, raw: unknown): CacheEntityDeclaration {
  const source = `@CacheEntity(${metadata.targetName})`;
  const fail = (problem: string) => new CacheConfigError(source, undefined, problem);
  if (typeof raw !== 'object' || raw === null) throw fail('the options must be an object');
  const options = raw as Partial<Record<keyof CacheEntityOptions, unknown>>;
  const unknown = Object.keys(options).find((name) => !OPTION_NAMES.includes(name));
  if (unknown !== undefined) {
    throw fail(`unknown option ${unknown} (allowed: ${OPTION_NAMES.join(', ')})`);
  }

  const { keyPrefix, keyProperties, poThrows } = options;
  if (typeof keyPrefix !== 'string') throw fail('keyPrefix must be a string');
  const prefixProblem = keyPrefixProblem('keyPrefix', keyPrefix);
  if (prefixProblem) throw fail(prefixProblem);
  if (!Array.isArray(keyProperties) || !keyProperties.every((p) => typeof p === 'string')) {
    throw fail('keyProperties must be an array of property names');
  }
  const listProblem = keyPropertiesProblem('keyProperties', keyProperties);
  if (listProblem) throw fail(listProblem.problem);
  if (poThrows !== undefined && typeof poThrows !== 'boolean') {
    throw fail(`poThrows must be true or false, got ${quote(poThrows)}`);
  }

  return {
    metadata,
    keyPrefix,
    keyProperties: [...keyProperties],
    expire: expire(options.expire, fail),
    poThrows,
    source,
    names: DECORATOR_NAMES,
    error: (_setting, problem) => fail(problem),
  };
}

function expire(raw: unknown, fail: (problem: string) => Error): CacheExpire | undefined {
  if (raw === undefined) return undefined;
  const { value, unit } = (raw ?? {}) as Partial<Record<keyof CacheExpire, unknown>>;
  if (typeof value !== 'number') throw fail('expire.value must be a number');
  if (!isTimeUnit(unit)) throw fail(`expire.unit ${quote(unit)} is not one of ${TIME_UNITS}`);
  const problem = expireProblem('expire.value', { value, unit }, 'omit expire');
  if (problem) throw fail(problem);
  return { value, unit };
}
