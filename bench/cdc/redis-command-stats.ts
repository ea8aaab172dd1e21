import type { Redis } from 'ioredis';

/** Commands Redis executed, by name (`INFO commandstats`: scripts' insides included). */
export async function commandStats(admin: Redis): Promise<Map<string, number>> {
  const text = await admin.info('commandstats');
  const stats = new Map<string, number>();
  for (const match of text.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) {
    if (match[1] !== 'info') stats.set(match[1], Number(match[2]));
  }
  return stats;
}

/** What ran between two `commandStats`, per `per` (e.g. per row event): total and by name. */
export function commandsPer(
  before: Map<string, number>,
  after: Map<string, number>,
  per: number,
): { total: number; byName: string } {
  const ran = [...after]
    .map(([name, calls]) => [name, (calls - (before.get(name) ?? 0)) / per] as const)
    .filter(([, calls]) => calls > 0);
  return {
    total: ran.reduce((sum, [, calls]) => sum + calls, 0),
    byName: ran.map(([name, calls]) => `${name} ${calls.toFixed(2)}`).join(', '),
  };
}
