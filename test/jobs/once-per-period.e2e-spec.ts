import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { runTsChild } from '../lock/support/child.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { uniqueName } from '../../support/unique-name.js';

const WORKER = fileURLToPath(new URL('./support/period-job-worker.ts', import.meta.url));
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface Run {
  pid: number;
  period: number;
  start: number;
  end: number;
}

describe('@DistributedLock oncePerPeriodMs across processes', () => {
  const prefix = `${uniqueName('job_period')}:`;
  afterAll(() => deleteKeysWithPrefix(REDIS_URL, prefix));

  it('runs each period exactly once over 3 instances, never two runs at a time', async () => {
    const periodMs = 1000;
    const periods = 10;
    const redis = new Redis(REDIS_URL, { keyPrefix: prefix });
    const children = [1, 2, 3].map(() =>
      runTsChild(WORKER, [prefix, String(periods), String(periodMs)]),
    );
    // Every instance up (each counts itself in `ready`), then the first period is two ahead.
    while (Number(await redis.get('ready')) < children.length) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 50)), ...children]);
    }
    const first = Math.floor(Date.now() / periodMs) + 2;
    await redis.rpush('start', ...children.map(() => String(first)));
    await Promise.all(children);
    const runs = (await redis.lrange('runs', 0, -1)).map((line) => JSON.parse(line) as Run);
    redis.disconnect();
    expect(runs).toHaveLength(periods);
    expect(runs.map((run) => run.period).sort((a, b) => a - b)).toEqual(
      Array.from({ length: periods }, (_, i) => first + i),
    );
    const byStart = [...runs].sort((a, b) => a.start - b.start);
    for (let i = 1; i < byStart.length; i++) {
      expect(byStart[i].start).toBeGreaterThanOrEqual(byStart[i - 1].end);
    }
  }, 60_000);
});
