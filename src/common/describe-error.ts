/** Masks what a message quotes: MySQL quotes the offending values (`Duplicate entry 'x'`). */
export function maskQuoted(text: string): string {
  return text.replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`(?:[^`\\]|\\.)*`/g, (quoted) =>
    quoted.length > 2 ? `${quoted[0]}…${quoted[0]}` : quoted,
  );
}

const DRIVER_FIELDS = ['code', 'errno', 'sqlState'] as const;

/**
 * An error as one log line and a stack, without the user's values: its class, the driver's
 * code, errno and SQL state when there are some, and its message with quoted parts masked. The
 * stack keeps the frames and drops its first line (the unmasked message). TypeORM's `query`
 * and `parameters` fields are never read.
 */
export function describeError(error: unknown): { summary: string; stack?: string } {
  if (!(error instanceof Error)) return { summary: `non-Error thrown (${typeof error})` };
  const fields = error as unknown as Record<string, unknown>;
  const driver = (fields.driverError ?? {}) as Record<string, unknown>;
  const codes = DRIVER_FIELDS.map((name) => fields[name] ?? driver[name])
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .map(String);
  const summary = `${error.name}${codes.length ? ` [${codes.join(' ')}]` : ''}: ${maskQuoted(error.message)}`;
  const frames = error.stack
    ?.split('\n')
    .filter((line) => /^\s+at /.test(line))
    .join('\n');
  return { summary, stack: frames ? `${summary}\n${frames}` : undefined };
}
