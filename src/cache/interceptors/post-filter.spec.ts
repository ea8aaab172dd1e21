import { matchesConditions } from './post-filter.js';

describe('matchesConditions (the post-filter)', () => {
  const row = { userId: 'u', userLevel: 3, nickname: null, updatedAt: new Date(1000) };

  it('matches when every given condition equals the row', () => {
    expect(matchesConditions(row, undefined)).toBe(true);
    expect(matchesConditions(row, {})).toBe(true);
    expect(matchesConditions(row, { userLevel: 3 })).toBe(true);
    expect(matchesConditions(row, { userLevel: undefined })).toBe(true);
    expect(matchesConditions(row, { nickname: null })).toBe(true);
    expect(matchesConditions(row, { updatedAt: new Date(1000) })).toBe(true);
  });

  it('does not match another level, type or date', () => {
    expect(matchesConditions(row, { userLevel: 4 })).toBe(false);
    expect(matchesConditions(row, { userLevel: '3' })).toBe(false);
    expect(matchesConditions(row, { updatedAt: new Date(1001) })).toBe(false);
    expect(matchesConditions(row, { userId: 'u', userLevel: 2 })).toBe(false);
  });
});
