/** The lock module's public API: what an app needs, no internals. */
export {
  DistributedLock,
  type DistributedLockOptions,
  type LockName,
} from './distributed-lock.decorator.js';
export { fencedWrite } from './fencing.js';
export {
  FencedOutError,
  isLockUnavailable,
  LockAbortedError,
  LockError,
  LockLostError,
  LockNotOwnerError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
  LockUsageError,
  NodeTimeoutError,
  type LockLossReason,
  type LockUnavailableError,
  type NodeFailure,
} from './lock.errors.js';
export { lockMetrics } from './lock.metrics.js';
export { LockModule } from './lock.module.js';
export type { LockModuleOptions } from './lock.module-definition.js';
export type { AcquireOutcome, HandOffKind, LockObserver } from './lock-observer.js';
export { DEFAULT_LOCK_OPTIONS, type LockOptions } from './lock-options.js';
export { LockService, type LockCallOptions } from './lock.service.js';
export { LockUnavailableFilter } from './lock-unavailable.filter.js';
export type { LockedWork, Mutex, UsingOptions } from './mutex.js';
export { Redlock, type LockQuorumHealth, type RedlockConfig } from './redlock.js';
