import { classifyAudit, type AuditObservation } from './audit-result.js';

const ALLOWANCE_MS = 1000;
const differs: AuditObservation = {
  samePrimaryRow: false,
  writerSeen: false,
  cacheChanged: false,
  writtenBeforeHitMs: 5000,
};

describe('classifyAudit', () => {
  it('is consistent when the primary has what the hit returned, whatever else happened', () => {
    expect(
      classifyAudit({ ...differs, samePrimaryRow: true, writerSeen: true }, ALLOWANCE_MS),
    ).toBe('consistent');
  });

  it('is stale only for another row written well before the hit, no writer, cache unchanged', () => {
    expect(classifyAudit(differs, ALLOWANCE_MS)).toBe('stale');
  });

  it.each<[string, Partial<AuditObservation>]>([
    ['a writer was in progress', { writerSeen: true }],
    ['the cache changed since the hit', { cacheChanged: true }],
    ['the row was written after the hit', { writtenBeforeHitMs: -20 }],
    ['the write may not have committed before the hit', { writtenBeforeHitMs: ALLOWANCE_MS }],
    [
      'the write time is unknown (deleted row, no update-time column)',
      { writtenBeforeHitMs: undefined },
    ],
  ])('is in flight when %s', (_, change) => {
    expect(classifyAudit({ ...differs, ...change }, ALLOWANCE_MS)).toBe('in_flight');
  });
});
