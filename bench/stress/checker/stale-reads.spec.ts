import { describe, expect, it } from '@jest/globals';
import { createPrng } from '../workload/prng.js';
import { HistoryBuilder, initialOf } from './history-builder.js';
import type { RegisterOperation } from './register-operation.js';
import { findStaleReads } from './stale-reads.js';

const initial = initialOf({ k: { order: 1, value: 'v1' } });

describe('findStaleReads', () => {
  it('reports nothing in a clean sequential history', () => {
    const history = new HistoryBuilder()
      .read(0, 1, 1, 'v1')
      .write(2, 3, 2, 'v2')
      .read(4, 5, 2, 'v2')
      .write(6, 7, 3, 'v3')
      .read(8, 9, 3, 'v3');
    const report = findStaleReads(history.operations, initial);
    expect(report).toMatchObject({ reads: 3, staleReads: 0, unexplainedReads: 0 });
  });

  it('finds a read older than a write that completed before it was invoked', () => {
    const history = new HistoryBuilder().write(0, 10, 2, 'v2').read(11, 12, 1, 'v1');
    const report = findStaleReads(history.operations, initial);
    expect(report.staleReads).toBe(1);
    expect(report.staleExamples[0]).toEqual({
      readId: 1,
      key: 'k',
      observed: 1,
      expectedAtLeast: 2,
      writeId: 0,
      staleForMs: 1,
      readInvokedAt: 11,
    });
  });

  it('does not call a read stale when the write overlaps it, even by a little', () => {
    const history = new HistoryBuilder()
      .write(0, 10, 2, 'v2')
      .read(5, 15, 1, 'v1')
      .read(10, 11, 1, 'v1'); // invoked at the very instant the write returned: concurrent
    expect(findStaleReads(history.operations, initial).staleReads).toBe(0);
  });

  it('measures against the highest completed write, not the last one to complete', () => {
    const history = new HistoryBuilder()
      .write(0, 5, 2, 'v2')
      .write(6, 8, 3, 'v3')
      .write(1, 9, 4, 'v4') // hypothetical out-of-order completion
      .read(10, 11, 3, 'v3');
    const report = findStaleReads(history.operations, initial);
    expect(report.staleExamples[0]).toMatchObject({ expectedAtLeast: 4, writeId: 2 });
  });

  it('never uses a write of unknown outcome as evidence, but lets it explain a new position', () => {
    const history = new HistoryBuilder()
      .write(0, 10, undefined, 'v2', 'unknown') // timed out: maybe applied as version 2
      .read(20, 21, 1, 'v1') // not stale: the write may never have happened
      .read(22, 23, 2, 'v2'); // not unexplained: the write may have produced version 2
    expect(findStaleReads(history.operations, initial)).toMatchObject({
      staleReads: 0,
      unexplainedReads: 0,
    });
  });

  it('ignores rejected writes entirely', () => {
    const history = new HistoryBuilder()
      .write(0, 10, undefined, 'v2', 'failed')
      .read(20, 21, 1, 'v1')
      .read(22, 23, 2, 'v2');
    const report = findStaleReads(history.operations, initial);
    expect(report.staleReads).toBe(0);
    expect(report.unexplainedExamples).toEqual([
      { readId: 2, key: 'k', observed: 2, reason: 'never-written' },
    ]);
  });

  it('flags a version that was never written, one read before its write began, and a wrong value', () => {
    const history = new HistoryBuilder()
      .read(0, 1, 7, 'v7') // never written
      .read(2, 3, 2, 'v2') // its write starts at 4
      .write(4, 5, 2, 'v2')
      .read(6, 7, 2, 'other'); // right version, wrong nickname
    const report = findStaleReads(history.operations, initial);
    expect(report.unexplainedExamples.map((example) => example.reason)).toEqual([
      'never-written',
      'from-the-future',
      'wrong-value',
    ]);
  });

  it('finds every planted stale read in a large random history and none in its clean twin', () => {
    const random = createPrng(7);
    const clean: RegisterOperation[] = [];
    const planted = new Set<number>();
    const dirty: RegisterOperation[] = [];
    let version = 1;
    let time = 0;
    for (let id = 0; id < 20_000; id++) {
      const key = `k${Math.floor(random() * 20)}`;
      const isWrite = random() < 0.3;
      time += 1;
      if (isWrite) version++; // one global counter: positions grow per key too
      const operation: RegisterOperation = {
        id,
        key,
        kind: isWrite ? 'write' : 'read',
        invokedAt: time,
        completedAt: time + 0.5,
        outcome: 'ok',
        order: isWrite ? version : undefined,
        increment: 1,
      };
      clean.push(operation);
      dirty.push({ ...operation });
    }
    // each read returns its key's latest position; a planted one returns one step older
    const latest = new Map<string, number>();
    const previous = new Map<string, number>();
    clean.forEach((operation, index) => {
      if (operation.kind === 'write') {
        previous.set(operation.key, latest.get(operation.key) ?? 1);
        latest.set(operation.key, operation.order!);
        return;
      }
      operation.order = latest.get(operation.key) ?? 1;
      dirty[index].order = operation.order;
      if (latest.has(operation.key) && random() < 0.05) {
        dirty[index].order = previous.get(operation.key)!;
        planted.add(operation.id);
      }
    });
    const keys = new Set(clean.map((operation) => operation.key));
    const start = new Map([...keys].map((key) => [key, { order: 1 }]));
    const unique = (operations: RegisterOperation[]) =>
      operations.map((operation) => ({ ...operation }));

    expect(findStaleReads(unique(clean), start, 0).staleReads).toBe(0);
    const report = findStaleReads(unique(dirty), start, 100_000);
    expect(planted.size).toBeGreaterThan(100);
    expect(new Set(report.staleExamples.map((example) => example.readId))).toEqual(planted);
  });
});
