import { describe, expect, it } from '@jest/globals';
import { outcomeOf } from './operation-record.js';

describe('outcomeOf', () => {
  it('treats 4xx as not applied and a missing response as unknown', () => {
    expect(outcomeOf(200, 'write')).toBe('ok');
    expect(outcomeOf(404, 'write')).toBe('failed');
    expect(outcomeOf(0, 'write')).toBe('unknown');
    expect(outcomeOf(0, 'sell')).toBe('unknown');
  });

  it('treats a 503 as not applied (the app promises it), another 5xx write as unknown', () => {
    expect(outcomeOf(503, 'write')).toBe('failed');
    expect(outcomeOf(500, 'write')).toBe('unknown');
    expect(outcomeOf(500, 'sell')).toBe('failed');
    expect(outcomeOf(503, 'sell')).toBe('failed');
  });
});
