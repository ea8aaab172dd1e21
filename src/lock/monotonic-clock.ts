import { performance } from 'node:perf_hooks';

/**
 * Milliseconds on a monotonic clock. Lock validity is measured with it: `Date.now()` jumps when
 * NTP or an operator sets the wall clock, and a backwards jump would stretch a lock's validity.
 */
export const monotonicNow: () => number = () => performance.now();
