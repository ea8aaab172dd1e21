import { Redis } from 'ioredis';
import { deletePrefix, SHARED_REDIS, uniquePrefix } from './testing/index.js';
import { LockNodes } from './lock-nodes.js';
import { DEFAULT_LOCK_OPTIONS, resolveLockOptions } from './lock-options.js';
import { defineLockCommands } from './lock-scripts.js';

describe('LockNodes on one real node', () => {
  const prefix = uniquePrefix('lock_nodes_spec');
  const client = new Redis(SHARED_REDIS, { keyPrefix: prefix });
  const nodes = new LockNodes([{ name: 'shared', client: defineLockCommands(client) }]);
  const options = resolveLockOptions(DEFAULT_LOCK_OPTIONS, { ttlMs: 5000 });
  afterAll(async () => {
    client.disconnect();
    await deletePrefix(prefix);
  });

  it('acquires with a fresh fencing block, refuses with the holder’s PTTL', async () => {
    const first = await nodes.acquire('a', 't1', options, ['a'], 17);
    if (!first.acquired) throw new Error('not acquired');
    expect(first.held.lastFence - first.held.fence).toBe(16);
    const second = await nodes.acquire('a', 't2', options, ['a'], 1);
    expect(second).toMatchObject({ acquired: false, quorumError: undefined });
    expect(second.acquired === false && second.retryAfterMs).toBeGreaterThan(4000);
  });

  it('gives the counter fenceTtlMs, and a counter that expired resumes above every token before', async () => {
    const first = await nodes.acquire('expiring', 't1', options, ['expiring'], 17);
    if (!first.acquired) throw new Error('not acquired');
    const pttl = await client.pttl('lock:{expiring}:fence');
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(DEFAULT_LOCK_OPTIONS.fenceTtlMs);
    await nodes.release('expiring', 't1', options);
    await client.del('lock:{expiring}:fence'); // what its expiry does
    const second = await nodes.acquire('expiring', 't2', options, ['expiring'], 1);
    if (!second.acquired) throw new Error('not acquired');
    expect(second.held.fence).toBeGreaterThan(first.held.lastFence);
  });

  it('skips the fencing counter when asked for no fence', async () => {
    const attempt = await nodes.acquire('unfenced', 't', options, ['unfenced'], 0);
    expect(attempt).toMatchObject({ acquired: true, held: { fence: 0, lastFence: 0 } });
    expect(await client.exists('lock:{unfenced}:fence')).toBe(0);
  });

  it('tells released, not-owner and expired apart, and extends only its own key', async () => {
    await nodes.acquire('b', 'mine', options, ['b'], 1);
    expect(await nodes.extend('b', 'other', 1000, options)).toEqual({
      extended: false,
      reason: 'not-owner',
    });
    expect(await nodes.extend('b', 'mine', 1000, options)).toMatchObject({ extended: true });
    expect(await nodes.owns('b', 'mine', options)).toBe(true);
    expect((await nodes.release('b', 'other', options)).outcome).toBe('not-owner');
    expect((await nodes.release('b', 'mine', options)).outcome).toBe('released');
    expect((await nodes.release('b', 'mine', options)).outcome).toBe('expired');
    expect(await nodes.extend('b', 'mine', 1000, options)).toEqual({
      extended: false,
      reason: 'expired',
    });
  });

  it('hands a held key to the next token with fresh fences, only from its owner', async () => {
    const first = await nodes.acquire('c', 'from', options, ['c'], 1);
    if (!first.acquired) throw new Error('not acquired');
    const next = { token: 'to', options };
    expect(await nodes.handOff('c', 'nobody', next, 17)).toBeUndefined();
    const handed = await nodes.handOff('c', 'from', next, 17);
    expect(handed).toMatchObject({ value: 'to', fence: first.held.lastFence + 1 });
    expect(await client.get('lock:{c}')).toBe('to');
  });
});
