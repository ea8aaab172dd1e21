import { describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { CacheEntity } from './cache-entity.decorator.js';
import type { CacheEntityOptions } from './cache-entity-options.interface.js';
import { readDecoratorDeclarations } from './read-decorator-declarations.js';

/** A decorated class and the little of its metadata the reader looks at. */
function decorated(options: unknown): EntityMetadata[] {
  class Note {}
  CacheEntity(options as CacheEntityOptions)(Note);
  return [{ target: Note, targetName: 'Note' } as unknown as EntityMetadata];
}

const read = (options: unknown) => () => readDecoratorDeclarations(decorated(options));

// Typed options can still be wrong at run time: JavaScript callers, `as` casts.
describe('readDecoratorDeclarations', () => {
  it('reads the options of a decorated class only', () => {
    class Plain {}
    const [declaration, ...rest] = readDecoratorDeclarations([
      ...decorated({ keyPrefix: 'NOTE', keyProperties: ['id'], poThrows: false }),
      { target: Plain, targetName: 'Plain' } as unknown as EntityMetadata,
    ]);
    expect(rest).toEqual([]);
    expect(declaration).toMatchObject({
      keyPrefix: 'NOTE',
      keyProperties: ['id'],
      poThrows: false,
      expire: undefined,
      source: '@CacheEntity(Note)',
    });
  });

  it.each([
    [
      { keyPrefix: 'N', keyProperties: ['id'], ttl: 5 },
      'unknown option ttl (allowed: keyPrefix, keyProperties, expire, poThrows)',
    ],
    [{ keyProperties: ['id'] }, 'keyPrefix must be a string'],
    [{ keyPrefix: 'N', keyProperties: 'id' }, 'keyProperties must be an array of property names'],
    [{ keyPrefix: 'N', keyProperties: [] }, 'keyProperties lists no property'],
    [{ keyPrefix: 'N', keyProperties: ['id', 'id'] }, 'keyProperties lists "id" twice'],
    [
      { keyPrefix: 'N', keyProperties: ['id'], poThrows: 'yes' },
      'poThrows must be true or false, got "yes"',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: 5, unit: 'WEEKS' } },
      'expire.unit "WEEKS" is not one of MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS',
    ],
    [
      { keyPrefix: 'N', keyProperties: ['id'], expire: { value: -1, unit: 'SECONDS' } },
      'expire.value must be a positive integer, or omit expire for the module default; got "-1"',
    ],
  ])('rejects %j', (options, problem) => {
    expect(read(options)).toThrow(`@CacheEntity(Note): ${problem}`);
  });
});
