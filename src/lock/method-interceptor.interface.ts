/** One call of a provider's method, as an explorer-applied interceptor sees it. */
export interface MethodInvocation<M = unknown> {
  readonly instance: object;
  readonly methodName: string;
  readonly args: readonly unknown[];
  /** The decorator's metadata on the method. */
  readonly metadata: M;
}

/**
 * Runs around a provider's method (Nest's own interceptors only run for controller handlers):
 * `next()` calls the method itself.
 */
export interface MethodInterceptor<M = unknown> {
  intercept(invocation: MethodInvocation<M>, next: () => Promise<unknown>): Promise<unknown>;
}
