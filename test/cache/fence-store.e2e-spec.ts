import { DataSource } from 'typeorm';
import { CacheFencedError } from '../../src/cache/cache.errors.js';
import { FenceStore } from '../../src/cache/fence-store.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('FenceStore: the MySQL side of fencing', () => {
  let t: TestApp;
  let db: DataSource;
  let fences: FenceStore;
  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
    fences = t.app.get(FenceStore);
  });
  afterAll(() => t.close());

  const advance = (key: string, fence: string): Promise<'applied' | 'fenced'> =>
    db
      .transaction((manager) => fences.advance(manager, key, fence))
      .then(
        () => 'applied' as const,
        (error: unknown) => {
          if (error instanceof CacheFencedError) return 'fenced' as const;
          throw error;
        },
      );

  const stored = async (key: string): Promise<string> => {
    const [row] = await db.query<{ fence: number | string }[]>(
      'SELECT fence FROM t_cache_fence WHERE fence_key = ?',
      [key],
    );
    return String(row.fence);
  };

  it('applies a newer token and refuses an older or equal one', async () => {
    expect(await advance('k1', '1000')).toBe('applied');
    expect(await advance('k1', '1002')).toBe('applied');
    expect(await advance('k1', '1001')).toBe('fenced');
    expect(await advance('k1', '1002')).toBe('fenced');
    expect(await stored('k1')).toBe('1002');
  });

  // Writers of one row overlap when a Redis lock was lost (a restart, an expiry): each must end
  // applied or fenced, never as a MySQL deadlock (a 500).
  it.each([
    ['a row written before', true],
    ['a row written for the first time', false],
  ])('lines overlapping writers of %s up instead of deadlocking them', async (_, existing) => {
    const key = existing ? 'hot-old' : 'hot-new';
    if (existing) expect(await advance(key, '5000')).toBe('applied');
    const tokens = [7, 3, 11, 5, 12, 1, 9, 2, 10, 4, 8, 6].map((n) => String(5000 + n));
    const outcomes = await Promise.all(tokens.map((token) => advance(key, token)));
    expect(outcomes).toHaveLength(tokens.length);
    expect(outcomes[tokens.indexOf('5012')]).toBe('applied');
    expect(await stored(key)).toBe('5012');
  });
});
