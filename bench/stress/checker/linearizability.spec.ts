import { describe, expect, it } from '@jest/globals';
import { createPrng } from '../workload/prng.js';
import { checkKeysLinearizable } from './check-linearizability.js';
import { HistoryBuilder, initialOf } from './history-builder.js';
import { findStaleReads } from './stale-reads.js';

const initial = initialOf({ k: { order: 1, value: 'v1' } });

describe('checkKeysLinearizable', () => {
  it('accepts a sequential history', () => {
    const history = new HistoryBuilder()
      .read(0, 1, 1, 'v1')
      .write(2, 3, 2, 'v2')
      .read(4, 5, 2, 'v2');
    expect(checkKeysLinearizable(history.operations, initial)).toMatchObject({
      keysChecked: 1,
      linearizableKeys: 1,
      violations: [],
    });
  });

  it('accepts concurrent reads that see the old and the new value of an overlapping write', () => {
    const history = new HistoryBuilder()
      .write(0, 100, 2, 'v2')
      .read(10, 20, 1, 'v1')
      .read(30, 40, 2, 'v2')
      .read(90, 120, 2, 'v2');
    expect(checkKeysLinearizable(history.operations, initial).violations).toEqual([]);
  });

  it('accepts a timed-out write whether or not anyone saw it', () => {
    const seen = new HistoryBuilder()
      .write(0, 5, undefined, 'v2', 'unknown')
      .read(10, 11, 2, 'v2')
      .write(12, 13, 3, 'v3');
    const unseen = new HistoryBuilder()
      .write(0, 5, undefined, 'v2', 'unknown')
      .read(10, 11, 1, 'v1')
      .write(12, 13, 2, 'v2b');
    expect(checkKeysLinearizable(seen.operations, initial).violations).toEqual([]);
    expect(checkKeysLinearizable(unseen.operations, initial).violations).toEqual([]);
  });

  it('rejects a stale read and points at it', () => {
    const history = new HistoryBuilder().write(0, 10, 2, 'v2').read(11, 12, 1, 'v1');
    const report = checkKeysLinearizable(history.operations, initial);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ key: 'k', stuckId: 1 });
  });

  it('catches a new-then-old read pair during a slow write, which the version rule cannot see', () => {
    const history = new HistoryBuilder()
      .write(0, 100, 2, 'v2') // slow write, still running
      .read(10, 20, 2, 'v2') // sees it: the write has taken effect
      .read(30, 40, 1, 'v1'); // then the old row again
    expect(findStaleReads(history.operations, initial).staleReads).toBe(0);
    const report = checkKeysLinearizable(history.operations, initial);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0].window.map((operation) => operation.id)).toEqual([0, 1, 2]);
  });

  it('catches a read of the right version with a value that was never stored with it', () => {
    const history = new HistoryBuilder().write(0, 10, 2, 'v2').read(20, 21, 2, 'torn');
    expect(checkKeysLinearizable(history.operations, initial).violations).toHaveLength(1);
  });

  it('rejects an oversold key and accepts sales within the stock', () => {
    const stock = initialOf({ g: { order: 0, limit: 5 } });
    const sale = (id: number, at: number, soldAfter: number, increment: number) => ({
      id,
      key: 'g',
      kind: 'write' as const,
      invokedAt: at,
      completedAt: at + 1,
      outcome: 'ok' as const,
      order: soldAfter,
      increment,
    });
    const fine = [sale(0, 0, 3, 3), sale(1, 2, 5, 2)];
    const oversold = [sale(0, 0, 3, 3), sale(1, 2, 6, 3)];
    expect(checkKeysLinearizable(fine, stock).violations).toEqual([]);
    expect(checkKeysLinearizable(oversold, stock).violations).toHaveLength(1);
  });

  it('finishes on a hot key with many overlapping operations, good or bad', () => {
    const random = createPrng(3);
    // 600 operations, each overlapping ~60 others; each takes effect at a random instant inside
    // its interval, so the history is linearizable by construction
    const spans = Array.from({ length: 600 }, (_, i) => ({
      i,
      write: random() < 0.3,
      at: i + random() * 60,
    }));
    const byEffect = [...spans].sort((a, b) => a.at - b.at);
    const orderOf = new Map<number, number>();
    let version = 1;
    for (const span of byEffect) orderOf.set(span.i, span.write ? ++version : version);
    const good = new HistoryBuilder();
    for (const span of spans) {
      if (span.write) good.write(span.i, span.i + 60, orderOf.get(span.i), undefined);
      else good.read(span.i, span.i + 60, orderOf.get(span.i)!);
    }
    const goodReport = checkKeysLinearizable(good.operations, initial);
    expect(goodReport).toMatchObject({ linearizableKeys: 1, inconclusiveKeys: [] });

    const bad = good.operations.map((operation) => ({ ...operation }));
    const victim = bad.find(
      (operation) => operation.kind === 'read' && operation.invokedAt > 300 && operation.order! > 3,
    )!;
    victim.order = 2; // long overwritten by then
    const badReport = checkKeysLinearizable(bad, initial);
    expect(badReport.inconclusiveKeys).toEqual([]);
    expect(badReport.violations).toHaveLength(1);
  });
});
