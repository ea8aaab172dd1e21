import { jest } from '@jest/globals';
import { CacheMisuseError } from '../cache.errors.js';
import type { CacheKeys } from '../cache-keys.js';
import type { CachedEntity } from '../cached-entity.js';
import { thingEntity } from '../cache-spec-support.js';
import type { CacheEvictOptions } from '../decorators/cache-evict.decorator.js';
import type { CacheWriter } from '../writes/cache-writer.js';
import { CachedMethod } from './cached-method.js';
import { CacheWriteInterceptor } from './cache-write.interceptor.js';

/** `rename(ids, name)` as a repository would write it, applied by `CacheWriteInterceptor`. */
describe('CacheWriteInterceptor', () => {
  const entity = thingEntity();
  const written: { entity: CachedEntity; rows: string[] }[] = [];
  const writer = {
    write: async (on: CachedEntity, keys: readonly CacheKeys[], work: () => Promise<unknown>) => {
      written.push({ entity: on, rows: keys.map((k) => k.row) });
      return work();
    },
  } as unknown as CacheWriter;
  const interceptor = new CacheWriteInterceptor(writer);

  function method(keys: CacheEvictOptions['keys']) {
    const metadata = new CachedMethod('Things.rename', entity, {
      entity: entity.config.entity,
      keys,
    });
    const next = jest.fn(async () => 'renamed');
    const call = (...args: unknown[]) =>
      interceptor.intercept({ instance: {}, methodName: 'rename', args, metadata }, next);
    return { call, next };
  }

  beforeEach(() => (written.length = 0));

  it('runs the method under the write protocol, once per distinct row', async () => {
    const { call, next } = method((ids: string[]) => ids.map((id) => ({ id })));
    await expect(call(['b', 'a', 'b'])).resolves.toBe('renamed');
    expect(next).toHaveBeenCalledTimes(1);
    expect(written).toEqual([{ entity, rows: ['THING:{b}', 'THING:{a}'] }]);
  });

  it('a write that names no row runs as it is', async () => {
    const { call, next } = method(() => []);
    await expect(call()).resolves.toBe('renamed');
    expect(next).toHaveBeenCalledTimes(1);
    expect(written).toEqual([]);
  });

  it('refuses, before the method runs, a row without its key or with a key no row has', async () => {
    for (const key of [{ name: 'no id' }, { id: { $in: ['a'] } }]) {
      const { call, next } = method(() => [key]);
      await expect(call()).rejects.toBeInstanceOf(CacheMisuseError);
      expect(next).not.toHaveBeenCalled();
    }
    expect(written).toEqual([]);
  });
});
