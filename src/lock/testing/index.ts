/** Test helpers of the lock module (its specs and the repository's tests); not part of its public API. */
export { SleepHook } from './sleep-hook.js';
