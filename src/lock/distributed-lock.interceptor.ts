import { Injectable } from '@nestjs/common';
import {
  lockResources,
  type DistributedLockMetadata,
  type DistributedLockOptions,
} from './distributed-lock.decorator.js';
import { LockTakenError } from './lock.errors.js';
import { LockService } from './lock.service.js';
import type { MethodInterceptor, MethodInvocation } from './method-interceptor.interface.js';

/**
 * Applies `@DistributedLock`: the method runs under `LockService.using`; with `whenLocked:
 * 'skip'` a call that finds the lock held resolves `undefined`. With `oncePerPeriodMs`, also
 * takes the period's lock (`<name>:period:<floor(now / period)>`) and keeps it until the period
 * is over, so later calls of the same period, on any instance, skip.
 */
@Injectable()
export class DistributedLockInterceptor implements MethodInterceptor<DistributedLockMetadata> {
  constructor(private readonly locks: LockService) {}

  async intercept(
    invocation: MethodInvocation<DistributedLockMetadata>,
    next: (args?: readonly unknown[]) => Promise<unknown>,
  ): Promise<unknown> {
    const { name, options } = invocation.metadata;
    const { whenLocked = 'skip', oncePerPeriodMs, ...lockOptions } = options;
    const resources = lockResources(name, invocation.args);
    const periodMs = periodOf(oncePerPeriodMs, invocation.instance);
    // `using` hands its work the held lock: passed on, `next` would take it for the arguments.
    const work =
      periodMs === undefined ? () => next() : () => this.oncePerPeriod(resources, periodMs, next);
    try {
      return await this.locks.using(resources, work, {
        ...lockOptions,
        wait: periodMs === undefined && whenLocked === 'wait',
      });
    } catch (error) {
      if ((whenLocked === 'skip' || periodMs !== undefined) && error instanceof LockTakenError) {
        return undefined;
      }
      throw error;
    }
  }

  /**
   * Under the run lock (so no two runs overlap): the period's lock, taken once and never
   * released. Its key lives until one more period after this one ends, so an instance whose
   * clock lags by less than a period cannot run this period again.
   */
  private async oncePerPeriod(
    resources: string | readonly string[],
    periodMs: number,
    next: () => Promise<unknown>,
  ): Promise<unknown> {
    const now = Date.now();
    const period = Math.floor(now / periodMs);
    const names = typeof resources === 'string' ? [resources] : resources;
    const ttlMs = (period + 2) * periodMs - now;
    // Throws LockTakenError when another call already ran this period: the caller skips.
    await this.locks.tryLock(
      names.map((resource) => `${resource}:period:${period}`),
      { ttlMs, fencing: false },
    );
    return next();
  }
}

function periodOf(
  option: DistributedLockOptions['oncePerPeriodMs'],
  instance: object,
): number | undefined {
  if (option === undefined) return undefined;
  const periodMs = typeof option === 'function' ? option(instance as never) : option;
  if (!(periodMs > 0)) throw new RangeError('@DistributedLock oncePerPeriodMs must be > 0');
  return periodMs;
}
