import { BadRequestException } from '@nestjs/common';

/** A 400 in the shape class-validator's pipe answers: `message` is a list of problems. */
export function invalidInput(...messages: string[]): BadRequestException {
  return new BadRequestException(messages);
}

/** Plain decimal digits, at most 16 of them: no sign, no `0x`/`0b`, no exponent, no spaces. */
const DECIMAL = /^[0-9]{1,16}$/;

/**
 * A decimal integer from a path or query string, within `[min, max]`; `undefined` when it is
 * not one. `Number()` alone would take `0x10`, `0b10000`, `+16`, `16.0`, ` 16` and `1e1`.
 */
export function parseDecimal(text: unknown, min: number, max: number): number | undefined {
  if (typeof text !== 'string' || !DECIMAL.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
}

/**
 * Checks a query object against the names it may hold: each known name at most once, no other
 * name. Returns the problems (messages as class-validator's whitelist words them).
 */
export function queryProblems(query: unknown, allowed: readonly string[]): string[] {
  const problems: string[] = [];
  if (query === null || typeof query !== 'object') return problems;
  for (const name of Object.keys(query)) {
    if (!allowed.includes(name)) problems.push(`property ${name} should not exist`);
    else if (typeof (query as Record<string, unknown>)[name] !== 'string') {
      problems.push(`${name} must be given once`);
    }
  }
  return problems;
}
