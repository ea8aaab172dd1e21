import { describe, expect, it } from '@jest/globals';
import type { OperationRecord } from '../history/operation-record.js';
import { findFinalMismatches } from './final-mismatches.js';
import { checkInventory } from './inventory-invariants.js';
import { toRegisterOperations } from './to-register-operations.js';

function sale(id: number, quantity: number, outcome: OperationRecord['outcome'], left?: number) {
  const status = { ok: 201, failed: 409, unknown: 0 }[outcome];
  return {
    id,
    key: '7',
    kind: 'sell',
    target: 0,
    invokedAt: id,
    completedAt: id + 0.5,
    status,
    outcome,
    quantity,
    left,
  } satisfies OperationRecord;
}

describe('findFinalMismatches', () => {
  const truth = new Map([['u1', { version: 3, value: 'c' }]]);

  it('accepts processes that agree with MySQL and flags each one that does not', () => {
    const observations = [
      { key: 'u1', target: 0, status: 200, row: { version: 3, value: 'c' } },
      { key: 'u1', target: 1, status: 200, row: { version: 2, value: 'b' } },
      { key: 'u1', target: 2, status: 503 },
      { key: 'gone', target: 0, status: 404 },
      { key: 'ghost', target: 0, status: 200, row: { version: 1, value: 'a' } },
    ];
    expect(findFinalMismatches(observations, truth).map((m) => [m.key, m.target])).toEqual([
      ['u1', 1],
      ['u1', 2],
      ['ghost', 0],
    ]);
  });
});

describe('checkInventory', () => {
  it('balances stock, records and acknowledged sales', () => {
    const records = [sale(0, 2, 'ok', 8), sale(1, 3, 'unknown'), sale(2, 50, 'failed')];
    const clean = checkInventory([{ goodsId: '7', start: 10, stock: 8, recordedSold: 2 }], records);
    expect(clean).toMatchObject({ oversold: [], unbalanced: [], salesDisagree: [] });
    // the timed-out sale may have gone through as well
    const withUnknown = checkInventory(
      [{ goodsId: '7', start: 10, stock: 5, recordedSold: 5 }],
      records,
    );
    expect(withUnknown.salesDisagree).toEqual([]);
  });

  it('flags overselling, lost records and sales nobody asked for', () => {
    const records = [sale(0, 2, 'ok', 8)];
    expect(
      checkInventory([{ goodsId: '7', start: 10, stock: -1, recordedSold: 11 }], records).oversold,
    ).toEqual(['7']);
    expect(
      checkInventory([{ goodsId: '7', start: 10, stock: 8, recordedSold: 0 }], records),
    ).toMatchObject({ unbalanced: ['7'], salesDisagree: ['7'] });
    expect(
      checkInventory([{ goodsId: '7', start: 10, stock: 5, recordedSold: 5 }], records)
        .salesDisagree,
    ).toEqual(['7']);
  });
});

describe('toRegisterOperations', () => {
  it('uses versions and nicknames for users, units sold for inventory', () => {
    const read: OperationRecord = {
      id: 1,
      key: 'u1',
      kind: 'read',
      target: 0,
      invokedAt: 0,
      completedAt: 1,
      status: 200,
      outcome: 'ok',
      version: 4,
      nickname: 'x',
    };
    const stockRead: OperationRecord = { ...read, id: 2, key: '7', stock: 6, version: 3 };
    const operations = toRegisterOperations(
      [read, stockRead, sale(3, 2, 'ok', 4)],
      new Map([
        ['u1', { order: 1, value: 'seed' }],
        ['7', { order: 0, limit: 10 }],
      ]),
    );
    expect(
      operations.map(({ kind, order, value, increment }) => [kind, order, value, increment]),
    ).toEqual([
      ['read', 4, 'x', 1],
      ['read', 4, undefined, 0],
      ['write', 6, undefined, 2],
    ]);
  });
});
