/**
 * A child process for the mutual-exclusion test: `holders` concurrent loops, each `rounds` times
 * takes the lock and increments a Redis counter with a non-atomic read-modify-write, and checks
 * that its fencing token exceeds the previous holder's.
 * argv: keyPrefix rounds holders
 */
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { Redlock } from '../../../src/lock/index.js';
import { lockClient, ready } from './lock-fixtures.js';

const [keyPrefix, rounds, holders] = process.argv.slice(2);
const client = lockClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', keyPrefix);
await ready([client]);
const redlock = new Redlock([client], {
  defaults: { ttlMs: 5000, waitTimeoutMs: 30_000, fencing: true },
});

async function holder(): Promise<void> {
  for (let i = 0; i < Number(rounds); i++) {
    await redlock.mutex('counter').using(async (_signal, mutex) => {
      const value = Number(await client.get('counter'));
      const lastFence = Number(await client.get('last-fence'));
      await yieldToEventLoop(); // widen the window a lost update would need
      await client.set('counter', String(value + 1));
      // Holders follow each other, so each token must exceed the one before it.
      if (mutex.fence <= lastFence) await client.incr('fence-regressions');
      await client.set('last-fence', String(mutex.fence));
    });
  }
}

await Promise.all(Array.from({ length: Number(holders) }, holder));
redlock.close();
client.disconnect();
