/** Test helpers of the lock module (its specs and the repository's tests); not part of its public API. */
export { SleepHook } from './sleep-hook.js';
export { deletePrefix, SHARED_REDIS, SilenceableRelay, uniquePrefix } from './shared-redis.js';
