import { SetMetadata } from '@nestjs/common';
import { DISTRIBUTED_LOCK_METADATA } from './lock.constants.js';
import type { LockOptions } from './lock-options.js';

/** A template such as `'audit:{0}'` or `'order:{1.id}'`, or a function of the arguments. */
export type LockName = string | ((...args: never[]) => string | readonly string[]);

export interface DistributedLockOptions extends Partial<LockOptions> {
  /**
   * When another instance holds the lock: `skip` (resolve `undefined` at once, the default for
   * one-instance-only jobs), `wait` (up to `waitTimeoutMs`), or `throw` (`LockTakenError`).
   */
  whenLocked?: 'skip' | 'wait' | 'throw';
  /**
   * Once per period: the method runs at most once per wall-clock period of this many ms across
   * all instances (the first call of each period wins, later calls of the period resolve
   * `undefined`), and never while a run of an earlier period is still going. A number, or a
   * function of the instance (e.g. its configured interval). See `docs/lock.md`,
   * "One instance per period".
   */
  oncePerPeriodMs?: number | ((instance: never) => number);
}

/** What `@DistributedLock` records on the method for `DistributedLockExplorer`. */
export interface DistributedLockMetadata {
  readonly name: LockName;
  readonly options: DistributedLockOptions;
}

/**
 * Runs the method under a distributed lock, so that one app instance at a time does the work
 * (e.g. a scheduled job): `Mutex.using` semantics, i.e. auto-extended, released after, and the
 * call rejects with `LockLostError` if the lock was lost during the work. Metadata only:
 * `DistributedLockExplorer` applies `DistributedLockInterceptor` to the providers' methods at
 * module init.
 */
export function DistributedLock(
  name: LockName,
  options: DistributedLockOptions = {},
): MethodDecorator {
  const metadata: DistributedLockMetadata = { name, options };
  return SetMetadata(DISTRIBUTED_LOCK_METADATA, metadata);
}

/** Fills `{0}`, `{1.path.to.field}` from the method's arguments. */
export function lockResources(
  name: LockName,
  args: readonly unknown[],
): string | readonly string[] {
  if (typeof name === 'function') return (name as (...a: unknown[]) => string | string[])(...args);
  return name.replace(/\{(\d+)((?:\.[A-Za-z_$][\w$]*)*)\}/g, (_, index: string, path: string) => {
    let value: unknown = args[Number(index)];
    for (const field of path.split('.').slice(1))
      value = (value as Record<string, unknown>)?.[field];
    return String(value);
  });
}
