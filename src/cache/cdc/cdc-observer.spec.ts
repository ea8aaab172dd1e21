import { cdcLagSeconds } from './cdc-observer.js';

describe('cdcLagSeconds', () => {
  const second = Date.UTC(2026, 11, 3, 12, 0, 0); // a binlog timestamp: whole seconds

  it('measures from the arrival while the event arrives within its second', () => {
    expect(cdcLagSeconds(second, second + 400, second + 410)).toBeCloseTo(0.01, 6);
  });

  it('does not count a second when the commit second ended in transit', () => {
    // Committed at most at second + 999, arrived at second + 1050: at most 60 ms of lag.
    expect(cdcLagSeconds(second, second + 1050, second + 1060)).toBeCloseTo(0.06, 6);
  });

  it('measures from the end of the timestamp second when the stream is far behind', () => {
    expect(cdcLagSeconds(second, second + 5000, second + 5020)).toBeCloseTo(4.02, 6);
  });

  it('is never negative', () => {
    expect(cdcLagSeconds(second, second + 10, second + 5)).toBe(0);
  });
});
