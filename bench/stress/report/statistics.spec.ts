import { describe, expect, it } from '@jest/globals';
import { consistencyText, errorsByStatus, percentile } from './statistics.js';

describe('statistics', () => {
  it('takes nearest-rank percentiles', () => {
    const values = Array.from({ length: 100 }, (_, index) => index + 1);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.99)).toBe(99);
    expect(percentile([7], 0.99)).toBe(7);
  });

  it('shows consistency in nines, as a bound when nothing was stale', () => {
    expect(consistencyText(0, 70_000)).toBe('100% (≥4.8 nines)');
    expect(consistencyText(7, 70_000)).toBe('99.9900% (4.0 nines)');
    expect(consistencyText(700, 70_000)).toBe('99.00% (2.0 nines)');
    expect(consistencyText(0, 0)).toBe('n/a');
  });
});

describe('errorsByStatus', () => {
  it('counts failures by kind and status', () => {
    const record = { id: 0, key: 'k', target: 0, invokedAt: 0, completedAt: 1 };
    expect(
      errorsByStatus([
        { ...record, kind: 'write', status: 503, outcome: 'unknown' },
        { ...record, kind: 'write', status: 503, outcome: 'unknown' },
        { ...record, kind: 'read', status: 0, outcome: 'unknown' },
        { ...record, kind: 'read', status: 200, outcome: 'ok' },
      ]),
    ).toEqual({ 'write 503': 2, 'read no response': 1 });
  });
});
