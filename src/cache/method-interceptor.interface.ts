/**
 * How the cache applies its decorators: `CacheExplorer` replaces each decorated method, on the
 * provider's instance, with a call through its interceptor (Nest's own interceptors only run for
 * controller handlers). The lock module declares the same shape for `@DistributedLock`; each
 * library keeps its own declaration so that neither imports the other.
 */
export interface MethodInterceptor<M = unknown> {
  intercept(invocation: MethodInvocation<M>, next: CallMethod): Promise<unknown>;
}

/** Calls the intercepted method: with the invocation's arguments, or with `args` instead. */
export type CallMethod = (args?: readonly unknown[]) => Promise<unknown>;

/** One call of a decorated method. */
export interface MethodInvocation<M = unknown> {
  readonly instance: object;
  readonly methodName: string;
  readonly args: readonly unknown[];
  /** What the explorer resolved from the decorator's metadata (`CachedMethod`). */
  readonly metadata: M;
}
