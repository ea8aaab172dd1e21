import { setTimeout as sleep } from 'node:timers/promises';
import type { CacheKeys } from '../cache-keys.js';
import type { CacheProbe } from '../cache-probe.js';

/**
 * What runs between a miss's MySQL load and its fill, for every strategy alike: the probe's
 * `beforeFill` per row, then the debug fill delay (`debugFillDelayMs`, test and stress runs only)
 * that widens the stale-set window (docs/consistency.md, "Module options").
 */
export async function beforeFill(
  probe: CacheProbe,
  debugFillDelayMs: number,
  rows: readonly CacheKeys[],
): Promise<void> {
  for (const keys of rows) await probe.at('beforeFill', keys.row);
  if (debugFillDelayMs > 0) await sleep(debugFillDelayMs);
}
