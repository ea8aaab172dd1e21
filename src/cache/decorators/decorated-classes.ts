/**
 * Every class with a `@Cacheable` or `@CacheEvict` method, recorded when the decorator runs, so
 * that start-up can tell a decorated class that no module provides (nothing would wrap it: its
 * calls would skip the cache without a word) from one it wraps.
 */
export const decoratedClasses = new Set<abstract new (...args: never[]) => unknown>();

/** Records the method's class, then attaches the metadata: still metadata only. */
export function recordingClass(decorator: MethodDecorator): MethodDecorator {
  return (target, key, descriptor) => {
    decoratedClasses.add(target.constructor as abstract new (...args: never[]) => unknown);
    return decorator(target, key, descriptor);
  };
}
