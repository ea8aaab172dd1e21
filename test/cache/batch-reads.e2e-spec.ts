import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { countRoundTrips } from './support/count-round-trips.js';
import { Gate, holdOnce } from './support/gate.js';
import { cacheStaleness, freshUser } from './support/staleness.js';

/** Batch reads (`@Cacheable` with `keys`): docs/consistency.md, "Batch reads". */
describe('lease: batch reads', () => {
  let t: CacheTestApp;
  beforeAll(async () => {
    t = await createCacheTestApp();
  });
  afterEach(() => t.probe.install({}));
  afterAll(() => t.close());

  const loads = () => t.counter('db_loads_total', { entity: 'UserAuthInfo' });
  const levels = (rows: { userId: string; userLevel: number }[]) =>
    rows.map(({ userId, userLevel }) => [userId, userLevel]);

  it('answers hits, misses and missing rows in the order asked: one MGET, one load', async () => {
    const [a, b, c] = [await freshUser(t, 1), await freshUser(t, 2), await freshUser(t, 3)];
    await t.users.findByUserId(b); // cached
    await t.users.findByUserId('batch-nobody'); // cached absence
    const before = await loads();
    const trips = countRoundTrips(t.redis);
    const rows = await t.repository.findByUserIds([c, 'batch-nobody', a, 'batch-unknown', b]);
    const commands = trips.take();
    trips.restore();
    expect(levels(rows)).toEqual([
      [c, 3],
      [a, 1],
      [b, 2],
    ]);
    expect((await loads()) - before).toBe(1); // c, a and batch-unknown in one query
    // MGET, then lease-acquire for the 3 misses and a fill for each: 1 + 3 + 3 commands.
    expect(commands).toBe(7);
    for (const userId of [a, c]) expect(await t.redis.exists(t.userKeys(userId).row)).toBe(1);
    expect(await t.redis.get(t.userKeys('batch-unknown').row)).toBe('#nil');

    const trips2 = countRoundTrips(t.redis);
    const again = await t.repository.findByUserIds([a, b, c, 'batch-nobody']);
    expect(trips2.take()).toBe(1); // all hits: the MGET alone
    trips2.restore();
    expect(levels(again)).toEqual([
      [a, 1],
      [b, 2],
      [c, 3],
    ]);
    expect((await loads()) - before).toBe(1);
  });

  it('never leaves a stale row when a writer races one of its rows', async () => {
    const [a, b] = [await freshUser(t, 1), await freshUser(t, 1)];
    const fill = new Gate();
    t.probe.install({ beforeFill: holdOnce(fill, t.userKeys(b).row) });
    const batch = t.repository.findByUserIds([a, b]);
    await fill.reached; // loaded both at level 1, about to fill
    await t.users.update(b, { userLevel: 2 });
    fill.open();
    expect(levels(await batch)).toEqual([
      [a, 1],
      [b, 1], // concurrent with the write: either answer is right
    ]);
    expect(await cacheStaleness(t, a)).toBe('consistent');
    expect(await cacheStaleness(t, b)).toBe('consistent');
    expect(levels(await t.repository.findByUserIds([b]))).toEqual([[b, 2]]);
  });

  it('refuses a key that cannot name one row; an empty batch is empty', async () => {
    await expect(t.repository.findByUserIds([{} as unknown as string])).rejects.toThrow(
      /key userId is an object/,
    );
    expect(await t.repository.findByUserIds([])).toEqual([]);
  });
});
