import { Redis } from 'ioredis';
import { deletePrefix, SHARED_REDIS, uniquePrefix } from './testing/index.js';
import { LockError, LockLostError, LockUsageError } from './lock.errors.js';
import { Redlock } from './redlock.js';

describe('Mutex', () => {
  const prefix = uniquePrefix('mutex_spec');
  const client = new Redis(SHARED_REDIS, { keyPrefix: prefix });
  const redlock = new Redlock([client], { defaults: { ttlMs: 5000 } });
  afterAll(async () => {
    redlock.close();
    client.disconnect();
    await deletePrefix(prefix);
  });

  it('refuses a second lock() on the same handle, with a LockError code', async () => {
    const mutex = await redlock.mutex('twice').lock();
    const error = await mutex.lock().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockUsageError);
    expect(error).toBeInstanceOf(LockError);
    expect((error as LockUsageError).code).toBe('LOCK_USAGE');
    await mutex.unlock();
  });

  it('has no fencing token when locked with fencing: false', async () => {
    const mutex = await redlock.mutex('nofence', { fencing: false }).lock();
    expect(() => mutex.fence).toThrow(LockUsageError);
    await mutex.unlock();
    const fenced = await redlock.mutex('nofence', { fencing: true }).lock();
    expect(fenced.fence).toBeGreaterThan(0);
    await fenced.unlock();
  });

  it('using: the work’s own error wins over a failing release', async () => {
    const failure = new Error('work failed');
    const using = redlock.mutex('work').using(async () => {
      await client.set('lock:{work}', 'someone-else'); // the release will find another owner
      throw failure;
    });
    await expect(using).rejects.toBe(failure);
  });

  it('using: a lock found taken over at release rejects with LockLostError', async () => {
    const using = redlock.mutex('taken').using(async () => {
      await client.set('lock:{taken}', 'someone-else');
      return 'done';
    });
    await expect(using).rejects.toMatchObject({ code: 'LOCK_LOST', reason: 'taken-over' });
    await expect(using).rejects.toBeInstanceOf(LockLostError);
  });

  it('sorts and de-duplicates resources', () => {
    expect(redlock.mutex(['b', 'a', 'b']).resources).toEqual(['a', 'b']);
  });
});
