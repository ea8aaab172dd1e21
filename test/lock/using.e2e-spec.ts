import { LockLostError, type Mutex, type Redlock } from '../../src/lock/index.js';
import { SharedRedisLocks } from './support/lock-fixtures.js';

/** Resolves when the signal aborts, with its reason. */
function aborted(signal: AbortSignal): Promise<unknown> {
  if (signal.aborted) return Promise.resolve(signal.reason);
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(signal.reason)));
}

/** Resolves once `mutex` has been extended `times` times (its validity moved forward). */
async function extensions(mutex: Mutex, times: number): Promise<void> {
  let seen = mutex.validUntil;
  for (let count = 0; count < times;) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    if (mutex.validUntil > seen) {
      seen = mutex.validUntil;
      count++;
    }
  }
}

describe('Mutex.using', () => {
  const locks = new SharedRedisLocks();
  let redlock: Redlock;
  beforeAll(async () => {
    // Generous margins: a loaded 2-core CI machine can stall the event loop for tens of ms.
    redlock = await locks.redlock({ ttlMs: 600, extendBeforeExpiryMs: 400 });
  });
  afterAll(() => locks.close());

  it('extends the lock while the work runs, then releases it', async () => {
    const result = await redlock.mutex('u1').using(async (signal, mutex) => {
      await extensions(mutex, 3);
      expect(signal.aborted).toBe(false);
      expect(await mutex.valid()).toBe(true);
      return 42;
    });
    expect(result).toBe(42);
    await redlock.mutex('u1').tryLock(); // released
  });

  it('aborts the work when the lock is taken over, and rejects with LockLostError', async () => {
    const raw = await locks.raw();
    const work = redlock.mutex('u2').using(async (signal) => {
      await raw.set('lock:{u2}', 'usurper', 'PX', 10_000);
      const reason = await aborted(signal);
      expect(reason).toBeInstanceOf(LockLostError);
      expect((reason as LockLostError).reason).toBe('taken-over');
      throw reason;
    });
    await expect(work).rejects.toBeInstanceOf(LockLostError);
    expect(await raw.get('lock:{u2}')).toBe('usurper'); // the other owner's key is untouched
  });

  it('stops after maxExtensions and aborts the work when the validity runs out', async () => {
    const capped = redlock.mutex('u3', { maxExtensions: 2 });
    let extended = 0;
    const work = capped.using(async (signal, mutex) => {
      const watching = extensions(mutex, 2).then(() => (extended = 2));
      const reason = await aborted(signal);
      await watching;
      expect((reason as LockLostError).reason).toBe('extension-cap');
      return 'finished anyway';
    });
    await expect(work).rejects.toMatchObject({ reason: 'extension-cap' });
    expect(extended).toBe(2);
  });

  it("never hides the work's own error behind a release error", async () => {
    const raw = await locks.raw();
    const failure = new Error('work failed');
    await expect(
      redlock.mutex('u4').using(async () => {
        await raw.set('lock:{u4}', 'usurper'); // the release will find another owner
        throw failure;
      }),
    ).rejects.toBe(failure);
  });

  it('aborts the work when the caller aborts', async () => {
    const controller = new AbortController();
    const work = redlock.mutex('u5').using(
      async (signal) => {
        controller.abort(new Error('caller gave up'));
        throw await aborted(signal);
      },
      { signal: controller.signal },
    );
    await expect(work).rejects.toThrow('caller gave up');
    await redlock.mutex('u5').tryLock(); // released
  });
});
