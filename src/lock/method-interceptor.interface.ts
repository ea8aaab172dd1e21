/**
 * One call of a provider's method, as an explorer-applied interceptor sees it. The same shape as
 * the cache module's: each library keeps its own copy so that neither imports the other.
 */
export interface MethodInvocation<M = unknown> {
  readonly instance: object;
  readonly methodName: string;
  readonly args: readonly unknown[];
  /** The decorator's metadata on the method. */
  readonly metadata: M;
}

/**
 * Runs around a provider's method (Nest's own interceptors only run for controller handlers):
 * `next()` calls the method itself with the invocation's arguments, `next(args)` with others.
 */
export interface MethodInterceptor<M = unknown> {
  intercept(
    invocation: MethodInvocation<M>,
    next: (args?: readonly unknown[]) => Promise<unknown>,
  ): Promise<unknown>;
}
