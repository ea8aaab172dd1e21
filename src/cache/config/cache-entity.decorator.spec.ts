import { describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { CacheConfigError } from './cache-config.error.js';
import {
  CacheEntity,
  type CacheEntityOptions,
  readDecoratorDeclarations,
} from './cache-entity.decorator.js';
import { EntityIndex } from './entity-index.js';
import { validateDeclaration } from './validate-declaration.js';

/** The CacheConfigError that `load` throws. */
function configError(load: () => unknown): Pick<CacheConfigError, 'file' | 'line' | 'problem'> {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(CacheConfigError);
    const { file, line, problem } = error as CacheConfigError;
    return { file, line, problem };
  }
  throw new Error('validated without an error');
}

/** A decorated class and the little of its metadata the reader looks at. */
function decorated(options: unknown): EntityMetadata[] {
  class Note {}
  CacheEntity(options as CacheEntityOptions)(Note);
  return [{ target: Note, targetName: 'Note' } as unknown as EntityMetadata];
}

const UNITS = 'MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS';

// Typed options can still be wrong at run time (JavaScript callers, `as` casts): the decorator's
// options go through the validator the XML does. Form errors come before the entity is consulted.
describe('@CacheEntity options', () => {
  it('are read from decorated classes only, as written', () => {
    class Plain {}
    const [declaration, ...rest] = readDecoratorDeclarations([
      ...decorated({ keyPrefix: 'NOTE', keyProperties: ['id'], poThrows: false }),
      { target: Plain, targetName: 'Plain' } as unknown as EntityMetadata,
    ]);
    expect(rest).toEqual([]);
    expect(declaration.options).toEqual({
      keyPrefix: 'NOTE',
      keyProperties: ['id'],
      poThrows: false,
    });
    expect(declaration.site.source).toBe('@CacheEntity(Note)');
  });

  it('must be an object', () => {
    const [raw] = readDecoratorDeclarations(decorated({}));
    expect(
      configError(() => validateDeclaration({ ...raw, options: 'NOTE' }, new EntityIndex([]))),
    ).toEqual({
      file: '@CacheEntity(Note)',
      line: undefined,
      problem: 'the options must be an object',
    });
  });

  it.each<[unknown, string]>([
    [
      { keyPrefix: 'N', keyProperties: ['id'], ttl: 5 },
      'unknown option ttl (allowed: keyPrefix, keyProperties, expire, poThrows)',
    ],
    [{ keyProperties: ['id'] }, 'keyPrefix is required'],
    [{ keyPrefix: 7, keyProperties: ['id'] }, 'keyPrefix must be a string'],
    [{ keyPrefix: 'N' }, 'keyProperties is required'],
    [{ keyPrefix: 'N', keyProperties: 'id' }, 'keyProperties must be an array of property names'],
    [{ keyPrefix: 'N', keyProperties: [] }, 'keyProperties lists no property'],
    [
      { keyPrefix: 'N', keyProperties: ['id', ''] },
      'keyProperties has an empty property name in "id,"',
    ],
    [{ keyPrefix: 'N', keyProperties: ['id', 'id'] }, 'keyProperties lists "id" twice'],
    [
      { keyPrefix: 'N', keyProperties: ['id'], poThrows: 'yes' },
      'poThrows must be true or false, got "yes"',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: 5 },
      'expire must be an object {value, unit}',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: 5, unit: 'SECONDS', jitter: 1 } },
      'unknown option expire.jitter (allowed: expire.value, expire.unit)',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: 5, unit: 'WEEKS' } },
      `expire.unit "WEEKS" is not one of ${UNITS}`,
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: 5 } },
      `expire.value 5 needs expire.unit (${UNITS})`,
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { unit: 'SECONDS' } },
      'expire.unit "SECONDS" without expire.value: give both, or omit expire for the module default',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: -1, unit: 'SECONDS' } },
      'expire.value must be a positive integer, or omit expire for the module default; got "-1"',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: 1.5, unit: 'SECONDS' } },
      'expire.value must be a positive integer, or omit expire for the module default; got "1.5"',
    ],
  ])('rejects %j', (options, problem) => {
    const [raw] = readDecoratorDeclarations(decorated(options));
    expect(configError(() => validateDeclaration(raw, new EntityIndex([])))).toEqual({
      file: '@CacheEntity(Note)',
      line: undefined,
      problem,
    });
  });
});
