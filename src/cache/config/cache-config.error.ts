import { CacheError } from '../cache.errors.js';

/**
 * Any problem with the cache configuration, from cache-config.xml or a `@CacheEntity` decorator.
 * The message is one line, `file:line: problem`, so that start-up prints it as is
 * (docs/consistency.md, "Configure an entity"). `file` is the XML file's path as given, or
 * `@CacheEntity(Name)` for a decorator; `line` is undefined where there is none (a file that
 * cannot be read, a decorator).
 */
export class CacheConfigError extends CacheError {
  override readonly name = 'CacheConfigError';
  override readonly code = 'CACHE_CONFIG';

  constructor(
    readonly file: string,
    readonly line: number | undefined,
    readonly problem: string,
    options?: ErrorOptions,
  ) {
    const where = line === undefined ? file : `${file}:${line}`;
    super(`${where}: ${problem}`.replace(/\s*[\r\n]+\s*/g, ' '), options);
  }
}

/** A value as it appears in a message: quoted, with control characters escaped (one line). */
export function quote(value: unknown): string {
  return JSON.stringify(String(value));
}
