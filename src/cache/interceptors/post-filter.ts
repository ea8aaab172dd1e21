/**
 * The post-filter: the cache is keyed by the unique index only, so the query's other conditions
 * are checked on the cached whole row (docs/consistency.md, "Decorate your repository").
 */
export function matchesConditions(row: object, conditions: object | undefined): boolean {
  if (!conditions) return true;
  for (const property in conditions) {
    const wanted = (conditions as Record<string, unknown>)[property];
    if (wanted === undefined) continue;
    const actual = (row as Record<string, unknown>)[property];
    if (actual === wanted) continue;
    if (actual instanceof Date && wanted instanceof Date && actual.getTime() === wanted.getTime()) {
      continue;
    }
    return false;
  }
  return true;
}
