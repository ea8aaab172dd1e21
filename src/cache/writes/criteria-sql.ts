/**
 * A write by criteria (`update(criteria, …)`, `delete(criteria)`, `softDelete`, `restore`, a
 * QueryBuilder `update()`/`delete()`), as TypeORM's MySQL driver renders it: the table, the
 * WHERE clause with its own parameters, and the columns its SET assigns. Used to find the rows
 * it writes with a SELECT of the same WHERE (docs/consistency.md, "Ordinary TypeORM writes").
 */
export interface CriteriaWrite {
  readonly table: string;
  /** Everything after the top-level `WHERE` (ORDER BY and LIMIT included). */
  readonly where: string;
  readonly whereParameters: readonly unknown[];
  /** Column → the parameter it is set to, or `raw` when set by an SQL expression. */
  readonly assigned: ReadonlyMap<string, { readonly parameter: unknown } | 'raw'>;
}

const UPDATE = /^UPDATE\s+((?:`[^`]+`\.)?`[^`]+`)\s+SET\s+([\s\S]+)$/i;
const DELETE = /^DELETE\s+FROM\s+((?:`[^`]+`\.)?`[^`]+`)\s+WHERE\s+([\s\S]+)$/i;
const ASSIGNMENT = /^`([^`]+)`\s*=\s*([\s\S]+)$/;

/** The statement's parts, or undefined when it is not a single-table UPDATE or DELETE with a WHERE. */
export function parseCriteriaWrite(
  sql: string,
  parameters: readonly unknown[] = [],
): CriteriaWrite | undefined {
  const text = sql.trim();
  const deletion = DELETE.exec(text);
  if (deletion) {
    return {
      table: deletion[1],
      where: deletion[2],
      whereParameters: parameters,
      assigned: new Map(),
    };
  }
  const update = UPDATE.exec(text);
  if (!update) return undefined;
  const [setPart, where] = splitTopLevel(update[2], ' WHERE ', 2);
  if (where === undefined) return undefined; // every row: not a write the cache can follow
  const assigned = new Map<string, { parameter: unknown } | 'raw'>();
  let parameter = 0;
  for (const assignment of splitTopLevel(setPart, ',')) {
    const match = ASSIGNMENT.exec(assignment.trim());
    if (!match) return undefined;
    const expression = match[2].trim();
    assigned.set(match[1], expression === '?' ? { parameter: parameters[parameter] } : 'raw');
    parameter += countPlaceholders(expression);
  }
  return { table: update[1], where, whereParameters: parameters.slice(parameter), assigned };
}

const EQUALS = /^`([^`]+)`\s*=\s*\?$/;
const IN_LIST = /^`([^`]+)`\s+IN\s*\(\s*\?(?:\s*,\s*\?)*\s*\)$/i;

/**
 * The values a WHERE pins columns to by plain equality (`` `c` = ? `` or `` `c` IN (?, …) ``,
 * joined by top-level ANDs with any other conditions), by column; undefined when a top-level OR
 * makes no term binding. A statement whose WHERE pins every key column writes at most the rows
 * of those keys, whether they exist yet or not.
 */
export function pinnedColumns(
  where: string,
  parameters: readonly unknown[],
): Map<string, unknown[]> | undefined {
  if (splitTopLevel(where, ' OR ').length > 1) return undefined;
  const pinned = new Map<string, unknown[]>();
  let parameter = 0;
  for (const term of splitTopLevel(where, ' AND ').map((part) => part.trim())) {
    const placeholders = countPlaceholders(term);
    const column = (EQUALS.exec(term) ?? IN_LIST.exec(term))?.[1];
    if (column && !pinned.has(column)) {
      pinned.set(column, parameters.slice(parameter, parameter + placeholders));
    }
    parameter += placeholders;
  }
  return pinned;
}

/** `?` placeholders outside quotes and backticks. */
function countPlaceholders(sql: string): number {
  let count = 0;
  scan(sql, (char) => {
    if (char === '?') count++;
  });
  return count;
}

/**
 * Splits at `separator` where it stands outside quotes, backticks and parentheses; with `limit`,
 * into at most that many parts (the last keeps the rest).
 */
function splitTopLevel(sql: string, separator: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let start = 0;
  scan(sql, (_char, index, depth) => {
    if (depth === 0 && parts.length < limit - 1 && sql.startsWith(separator, index)) {
      parts.push(sql.slice(start, index));
      start = index + separator.length;
    }
  });
  parts.push(sql.slice(start));
  return parts;
}

/** Calls `visit` for every character outside quoted strings and identifiers. */
function scan(sql: string, visit: (char: string, index: number, depth: number) => void): void {
  let quote: string | undefined;
  let depth = 0;
  for (let index = 0; index < sql.length; index++) {
    const char = sql[index];
    if (quote) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') {
      quote = char;
      continue;
    }
    if (char === '(') depth++;
    else if (char === ')') depth--;
    visit(char, index, depth);
  }
}
