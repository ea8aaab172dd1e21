import { LockTakenError } from './lock.errors.js';
import type { LockOptions } from './lock-options.js';
import type { LockService } from './lock.service.js';

/** Marks a decorated method (metadata on the wrapper function) for the explorer. */
export const DISTRIBUTED_LOCK_METADATA = Symbol('DISTRIBUTED_LOCK_METADATA');
/** Where the explorer puts the `LockService` on each instance with decorated methods. */
export const LOCK_SERVICE_OF_INSTANCE = Symbol('LOCK_SERVICE_OF_INSTANCE');

/** A template such as `'audit:{0}'` or `'order:{1.id}'`, or a function of the arguments. */
export type LockName = string | ((...args: never[]) => string | readonly string[]);

export interface DistributedLockOptions extends Partial<LockOptions> {
  /**
   * When another instance holds the lock: `skip` (resolve `undefined` at once, the default for
   * one-instance-only jobs), `wait` (up to `waitTimeoutMs`), or `throw` (`LockTakenError`).
   */
  whenLocked?: 'skip' | 'wait' | 'throw';
}

interface InstanceWithLocks {
  [LOCK_SERVICE_OF_INSTANCE]?: LockService;
}

/**
 * Runs the method under a distributed lock, so that one app instance at a time does the work
 * (e.g. a `@Cron` job): `Mutex.using` semantics, i.e. auto-extended, released after, and the
 * call rejects with `LockLostError` if the lock was lost during the work. Work that must stop
 * as soon as the lock is lost should use `LockService.using` and its `AbortSignal` instead.
 *
 * The decorator wraps the method where it is defined (so that schedulers which capture the
 * method at start-up get the wrapper); `DistributedLockExplorer` gives each instance its
 * `LockService`.
 */
export function DistributedLock(
  name: LockName,
  options: DistributedLockOptions = {},
): MethodDecorator {
  const { whenLocked = 'skip', ...lockOptions } = options;
  return (target, propertyKey, descriptor: PropertyDescriptor) => {
    const original = descriptor.value as (...args: unknown[]) => unknown;
    const where = `${target.constructor.name}.${String(propertyKey)}`;
    const wrapped = async function (this: InstanceWithLocks, ...args: unknown[]): Promise<unknown> {
      const locks = this[LOCK_SERVICE_OF_INSTANCE];
      if (!locks) {
        throw new Error(
          `@DistributedLock on ${where}: the class is not a provider of an app with LockModule`,
        );
      }
      const resources = lockResources(name, args);
      const mutex = locks.mutex(resources, lockOptions);
      try {
        return await mutex.using(() => original.apply(this, args), { wait: whenLocked === 'wait' });
      } catch (error) {
        if (whenLocked === 'skip' && error instanceof LockTakenError) return undefined;
        throw error;
      }
    };
    for (const key of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    }
    Reflect.defineMetadata(DISTRIBUTED_LOCK_METADATA, { name, options }, wrapped);
    Object.defineProperty(wrapped, 'name', { value: original.name });
    descriptor.value = wrapped;
    return descriptor;
  };
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
