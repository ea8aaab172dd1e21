import type { Redis } from 'ioredis';

/** Counts the commands a client sends (each one round trip; a script call is one EVALSHA). */
export function countRoundTrips(redis: Redis): { take(): number; restore(): void } {
  const original = redis.sendCommand.bind(redis);
  let count = 0;
  redis.sendCommand = (...args: Parameters<Redis['sendCommand']>) => {
    count++;
    return original(...args);
  };
  return {
    take() {
      const taken = count;
      count = 0;
      return taken;
    },
    restore() {
      redis.sendCommand = original;
    },
  };
}
