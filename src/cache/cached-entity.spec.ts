import { CachedEntity } from './cached-entity.js';
import { cacheKeys } from './cache-keys.js';
import * as spec from './cache-spec-support.js';

/** `Thing` keyed by two properties, `id` then `name`. */
function pairEntity(): CachedEntity {
  const { config, codec, metrics } = spec.thingEntity();
  return new CachedEntity({ ...config, keyProperties: ['id', 'name'] }, codec, metrics, 60_000, 0);
}

describe('CachedEntity.keysOf', () => {
  const entity = pairEntity();

  it('gives the keys that cacheKeys gives for the same values, in key-property order', () => {
    const keys = entity.keysOf({ name: 'a:b', id: 7 });
    expect('row' in keys && keys.row).toBe(cacheKeys('THING', [7, 'a:b']).row);
  });

  it('checks every value before encoding any: a missing or invalid one wins over a bad string', () => {
    expect(entity.keysOf({ id: '\uD800' })).toEqual({ missing: ['name'] });
    expect(entity.keysOf({ id: '\uD800', name: {} })).toEqual({ invalid: 'name is an object' });
    expect(() => entity.keysOf({ id: '\uD800', name: 'x' })).toThrow(URIError);
  });
});
