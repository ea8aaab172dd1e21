import { Redlock as SesamecareRedlock } from '@sesamecare-oss/redlock';
import { Redis, type RedisOptions } from 'ioredis';
import { Mutex as SemaphoreMutex } from 'redis-semaphore';
import LegacyRedlock from 'redlock';
import { Redlock } from '../../src/lock/index.js';

export const TTL_MS = 10_000;
const WAIT_MS = 120_000;

/** One lock library under test: `lock` resolves to the release function. */
export interface Contender {
  readonly name: string;
  lock(resource: string): Promise<() => Promise<unknown>>;
  /** Commands sent to Redis so far (each one is a round trip unless pipelined). */
  commands(): number;
  close(): void;
}

/** A client that counts the commands it sends. */
function countingClient(
  url: string,
  keyPrefix: string,
  options: RedisOptions = {},
): { client: Redis; count: () => number } {
  const client = new Redis(url, { ...options, keyPrefix });
  let sent = 0;
  const send = client.sendCommand.bind(client);
  client.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    sent++;
    return send(...args);
  };
  return { client, count: () => sent };
}

export function contenders(url: string, prefix: string): Contender[] {
  const ours = countingClient(url, `${prefix}ours:`);
  const redlock = new Redlock([ours.client], {
    defaults: { ttlMs: TTL_MS, waitTimeoutMs: WAIT_MS },
  });

  const fenced = countingClient(url, `${prefix}ours-fenced:`);
  const fencedRedlock = new Redlock([fenced.client], {
    defaults: { ttlMs: TTL_MS, waitTimeoutMs: WAIT_MS, fencing: true },
  });

  const legacy = countingClient(url, `${prefix}redlock:`);
  // retryCount -1: wait as long as it takes (defaults otherwise: 200 ms delay + 200 ms jitter).
  const legacyRedlock = new LegacyRedlock([legacy.client], { retryCount: -1 });

  const sesame = countingClient(url, `${prefix}sesame:`);
  const sesameRedlock = new SesamecareRedlock([sesame.client], { retryCount: -1 });

  const semaphore = countingClient(url, `${prefix}semaphore:`);
  // ioredis's own batching of the commands of one event-loop turn: the peer's best setting under
  // concurrency (ours batches its own writes, `docs/lock.md`, "Fewer socket writes").
  const pipelined = countingClient(url, `${prefix}semaphore-pipelined:`, {
    enableAutoPipelining: true,
  });
  const semaphoreContender = (
    name: string,
    counted: { client: Redis; count: () => number },
  ): Contender => ({
    name,
    async lock(resource) {
      const mutex = new SemaphoreMutex(counted.client, resource, {
        lockTimeout: TTL_MS,
        acquireTimeout: WAIT_MS,
      });
      await mutex.acquire();
      return () => mutex.release();
    },
    commands: counted.count,
    close: () => counted.client.disconnect(),
  });

  return [
    {
      name: 'ours',
      async lock(resource) {
        const mutex = await redlock.mutex(resource).lock();
        return () => mutex.unlock();
      },
      commands: ours.count,
      close() {
        redlock.close();
        ours.client.disconnect();
      },
    },
    {
      // With a fencing token per acquisition, which none of the others has.
      name: 'ours, fencing: true',
      async lock(resource) {
        const mutex = await fencedRedlock.mutex(resource).lock();
        return () => mutex.unlock();
      },
      commands: fenced.count,
      close() {
        fencedRedlock.close();
        fenced.client.disconnect();
      },
    },
    {
      name: 'redlock 4',
      async lock(resource) {
        const lock = await legacyRedlock.lock(resource, TTL_MS);
        return () => lock.unlock();
      },
      commands: legacy.count,
      close: () => legacy.client.disconnect(),
    },
    {
      name: '@sesamecare-oss/redlock',
      async lock(resource) {
        const lock = await sesameRedlock.acquire([resource], TTL_MS);
        return () => lock.release();
      },
      commands: sesame.count,
      close: () => sesame.client.disconnect(),
    },
    semaphoreContender('redis-semaphore Mutex', semaphore),
    semaphoreContender('redis-semaphore Mutex, enableAutoPipelining', pipelined),
  ];
}

/**
 * What no lock can beat, measured in the same run. `two PINGs`: the cheapest possible two round
 * trips, the floor of any lock that takes and releases with one command each. `in-process
 * mutex`: a FIFO promise chain without Redis, the ceiling of a contended run (the hold alone).
 */
export function bounds(
  url: string,
  prefix: string,
): { floor: Contender; commands: Contender; ceiling: Contender } {
  const pings = countingClient(url, `${prefix}pings:`);
  const bare = countingClient(url, `${prefix}bare:`);
  bare.client.defineCommand('bareRelease', {
    numberOfKeys: 1,
    lua: "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
  });
  const bareRelease = (
    bare.client as unknown as Record<string, (...a: string[]) => Promise<number>>
  ).bareRelease;
  let tokens = 0;
  const tails = new Map<string, Promise<void>>();
  return {
    floor: {
      name: 'bound: two PINGs, no lock',
      async lock() {
        await pings.client.ping();
        return () => pings.client.ping();
      },
      commands: pings.count,
      close: () => pings.client.disconnect(),
    },
    commands: {
      // What every one of these locks sends, with no library around it: the floor of the
      // same protocol (our 'fencing: false' path is exactly these two commands).
      name: 'bound: bare SET NX PX + release script, no library',
      async lock(resource) {
        const token = `t${tokens++}`;
        await bare.client.set(resource, token, 'PX', TTL_MS, 'NX');
        return () => bareRelease.call(bare.client, resource, token);
      },
      commands: bare.count,
      close: () => bare.client.disconnect(),
    },
    ceiling: {
      name: 'bound: in-process mutex, no Redis',
      async lock(resource) {
        const previous = tails.get(resource) ?? Promise.resolve();
        let release!: () => void;
        tails.set(resource, new Promise((resolve) => (release = resolve)));
        await previous;
        return () => Promise.resolve(release());
      },
      commands: () => 0,
      close: () => tails.clear(),
    },
  };
}

export async function connected(clients: Contender[]): Promise<void> {
  // One throwaway acquisition each: connects the client and loads the scripts.
  for (const contender of clients) await (await contender.lock('warm-up'))();
}
