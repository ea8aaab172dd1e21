import { describe, expect, it } from '@jest/globals';
import { planWorkload, type WorkloadSpec } from './workload.js';

const spec: WorkloadSpec = {
  mode: 'users',
  operations: 10_000,
  readRatio: 0.7,
  keys: 100,
  hotKeys: 5,
  hotRatio: 0.5,
  targets: 3,
  externalWrites: 0,
  maxSaleQuantity: 3,
  seed: 42,
  keyBase: 0,
};

describe('planWorkload', () => {
  it('gives the same sequence for the same seed and another for another seed', () => {
    expect(planWorkload(spec)).toEqual(planWorkload(spec));
    expect(planWorkload({ ...spec, seed: 43 })).not.toEqual(planWorkload(spec));
  });

  it('honours the read ratio, the hot keys and the spread over targets', () => {
    const operations = planWorkload(spec);
    const reads = operations.filter((operation) => operation.kind === 'read').length;
    expect(reads / operations.length).toBeCloseTo(0.7, 1);
    const hot = operations.filter((operation) =>
      ['stress-u0', 'stress-u1', 'stress-u2', 'stress-u3', 'stress-u4'].includes(operation.key),
    ).length;
    // half go to the hot keys, and the uniform half lands on them 5% of the time
    expect(hot / operations.length).toBeGreaterThan(0.5);
    expect(hot / operations.length).toBeLessThan(0.56);
    expect(new Set(operations.map((operation) => operation.target))).toEqual(new Set([0, 1, 2]));
  });

  it('plans sales with a quantity in inventory mode', () => {
    const operations = planWorkload({ ...spec, mode: 'inventory', operations: 1000 });
    const sales = operations.filter((operation) => operation.kind === 'sell');
    expect(sales.length).toBeGreaterThan(200);
    for (const sale of sales) {
      expect(sale.quantity).toBeGreaterThanOrEqual(1);
      expect(sale.quantity).toBeLessThanOrEqual(3);
      expect(Number(sale.key)).toBeGreaterThanOrEqual(1);
    }
  });

  it('sends the share of writes out of band without changing any other choice', () => {
    const plain = planWorkload(spec);
    const mixed = planWorkload({ ...spec, externalWrites: 0.5 });
    expect(mixed.map(({ external: _, ...operation }) => operation)).toEqual(plain);
    expect(plain.some((operation) => operation.external)).toBe(false);
    const writes = mixed.filter((operation) => operation.kind === 'write');
    const external = writes.filter((operation) => operation.external).length;
    expect(external / writes.length).toBeCloseTo(0.5, 1);
    expect(mixed.some((operation) => operation.kind === 'read' && operation.external)).toBe(false);
  });
});
