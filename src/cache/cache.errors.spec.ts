import * as api from './index.js';

/** Every error class the public index exports, by name. */
const errorClasses = (Object.entries(api) as [string, unknown][]).filter(
  (entry): entry is [string, new (...args: never[]) => Error] =>
    typeof entry[1] === 'function' && entry[1].prototype instanceof Error,
);

function instanceOf(Class: new (...args: never[]) => Error): Error & { code?: unknown } {
  const make = Class as unknown as new (...args: unknown[]) => Error;
  return new make('a', 'b', 'c');
}

describe('the cache errors', () => {
  it('are all exported, on the one base', () => {
    expect(errorClasses.map(([name]) => name).sort()).toEqual([
      'BinlogSettingError',
      'CacheConfigError',
      'CacheError',
      'CacheLockLostError',
      'CacheMisuseError',
      'CacheSetupError',
      'CacheUnavailableError',
      'CacheWriteTimeoutError',
    ]);
    for (const [, Class] of errorClasses) expect(instanceOf(Class)).toBeInstanceOf(api.CacheError);
  });

  it('each carry a stable code of their own, and their own name', () => {
    const codes = errorClasses.map(([, Class]) => instanceOf(Class).code);
    expect(codes.every((code) => typeof code === 'string' && /^CACHE_[A-Z_]+$/.test(code))).toBe(
      true,
    );
    expect(new Set(codes).size).toBe(codes.length);
    for (const [name, Class] of errorClasses) expect(instanceOf(Class).name).toBe(name);
  });
});
