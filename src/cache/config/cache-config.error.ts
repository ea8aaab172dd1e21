/**
 * Any problem with the cache configuration. The message is one line, `file:line: problem`, so
 * start-up can print it as is. `file` is the XML file's path as given, or `@CacheEntity(Name)`
 * for a problem of a decorator alone; `line` is undefined when the problem has no line (a file
 * that cannot be read, a decorator).
 */
export class CacheConfigError extends Error {
  override readonly name = 'CacheConfigError';

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
