import { DEFAULT_LOCK_OPTIONS, driftMs, resolveLockOptions, retryDelayMs } from './lock-options.js';

describe('lock options', () => {
  it('keeps the defaults for undefined overrides and refuses nonsense', () => {
    expect(resolveLockOptions(DEFAULT_LOCK_OPTIONS, { ttlMs: undefined })).toEqual(
      DEFAULT_LOCK_OPTIONS,
    );
    expect(() => resolveLockOptions(DEFAULT_LOCK_OPTIONS, { ttlMs: 0 })).toThrow(/ttlMs/);
    expect(() => resolveLockOptions(DEFAULT_LOCK_OPTIONS, { driftFactor: 0.5 })).toThrow(
      /driftFactor/,
    );
    expect(() => resolveLockOptions(DEFAULT_LOCK_OPTIONS, { tries: -1 })).toThrow(/tries/);
  });

  it('computes drift and retry delays like redsync', () => {
    expect(driftMs(DEFAULT_LOCK_OPTIONS, 10_000)).toBe(102);
    const jittered = resolveLockOptions(DEFAULT_LOCK_OPTIONS, {
      retryDelayMs: 100,
      retryJitterMs: 50,
    });
    for (let attempt = 1; attempt < 50; attempt++) {
      const delay = retryDelayMs(jittered, attempt);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(150);
    }
    const custom = resolveLockOptions(DEFAULT_LOCK_OPTIONS, { retryDelay: (n) => n * 10 });
    expect(retryDelayMs(custom, 3)).toBe(30);
  });
});
