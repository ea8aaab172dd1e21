import { fileURLToPath } from 'node:url';
import { runTsChild } from './support/child.js';
import { SharedRedisLocks } from './support/lock-fixtures.js';

const WORKER = fileURLToPath(new URL('./support/counter-worker.ts', import.meta.url));

describe('mutual exclusion across processes', () => {
  const locks = new SharedRedisLocks();
  afterAll(() => locks.close());

  it('loses no increment of a read-modify-write counter; fencing tokens only grow', async () => {
    const processes = 3;
    const holders = 4;
    const rounds = 25;
    await Promise.all(
      Array.from({ length: processes }, () =>
        runTsChild(WORKER, [locks.prefix, String(rounds), String(holders)]),
      ),
    );
    const raw = await locks.raw();
    expect(Number(await raw.get('counter'))).toBe(processes * holders * rounds);
    expect(await raw.get('fence-regressions')).toBeNull();
  }, 60_000);
});
