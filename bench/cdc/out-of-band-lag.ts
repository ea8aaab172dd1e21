import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { OUTSIDE_UPDATE, userRowKey, type CdcBenchServer } from './cdc-bench-server.js';

export interface LagResult {
  writes: number;
  /** Writes per second achieved (the schedule's rate unless MySQL could not keep up). */
  achievedPerSecond: number;
  /** From the UPDATE's completion at the client to its row's invalidation done, sorted, ms. */
  lagsMs: number[];
  /** Writes whose invalidation never came. */
  missed: number;
}

/**
 * Autocommit UPDATEs of distinct cached rows from plain mysql2 connections, `perSecond` for
 * `seconds` on an open-loop schedule (a write goes out when it is due, whether or not the ones
 * before it have completed); each row is written once, so each invalidation belongs to one
 * write. The lag is measured from the moment the client has the UPDATE's OK (the commit is then
 * done), on the same clock as the invalidation.
 */
export async function outOfBandLag(
  server: CdcBenchServer,
  perSecond: number,
  seconds: number,
): Promise<LagResult> {
  const clock = server.clock!;
  const total = perSecond * seconds;
  const userIds = server.userIds.slice(0, total);
  if (userIds.length < total) throw new Error(`${total} writes need ${total} rows`);
  clock.reset();
  const completed = new Map<string, number>();
  const writes: Promise<unknown>[] = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / perSecond - performance.now();
    if (wait >= 1) await sleep(wait);
    const rowKey = userRowKey(userIds[i]);
    writes.push(
      server.outside
        .query(OUTSIDE_UPDATE, [userIds[i]])
        .then(() => completed.set(rowKey, performance.now())),
    );
  }
  await Promise.all(writes);
  const elapsedMs = performance.now() - started;
  await server.caughtUp();
  const lagsMs: number[] = [];
  for (const [rowKey, at] of completed) {
    const invalidated = clock.at(rowKey);
    if (invalidated !== undefined) lagsMs.push(invalidated - at);
  }
  lagsMs.sort((a, b) => a - b);
  return {
    writes: total,
    achievedPerSecond: total / (elapsedMs / 1000),
    lagsMs,
    missed: total - lagsMs.length,
  };
}

export function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}
