import { parseDecimal, queryProblems } from './request-checks.js';

describe('parseDecimal', () => {
  it.each(['0x10', '0b10000', '0o20', '+16', '-16', '16.0', ' 16', '16 ', '1e1', '', '١٦', '16n'])(
    'refuses %j',
    (text) => expect(parseDecimal(text, 0, 100)).toBeUndefined(),
  );

  it('takes plain digits within the bounds', () => {
    expect(parseDecimal('16', 1, 100)).toBe(16);
    expect(parseDecimal('016', 1, 100)).toBe(16);
    expect(parseDecimal('9007199254740991', 1, Number.MAX_SAFE_INTEGER)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it('refuses values out of bounds, more than 16 digits and non-strings', () => {
    expect(parseDecimal('0', 1, 100)).toBeUndefined();
    expect(parseDecimal('101', 1, 100)).toBeUndefined();
    expect(parseDecimal('9007199254740992', 1, Number.MAX_SAFE_INTEGER)).toBeUndefined();
    expect(parseDecimal('12345678901234567', 1, Infinity)).toBeUndefined();
    expect(parseDecimal(16, 1, 100)).toBeUndefined();
    expect(parseDecimal(['16'], 1, 100)).toBeUndefined();
  });
});

describe('queryProblems', () => {
  it('names unknown and repeated parameters', () => {
    expect(queryProblems({ userLevel: ['1', '2'], foo: '1' }, ['userLevel'])).toEqual([
      'userLevel must be given once',
      'property foo should not exist',
    ]);
    expect(queryProblems({ userLevel: '1' }, ['userLevel'])).toEqual([]);
    expect(queryProblems(undefined, ['userLevel'])).toEqual([]);
  });
});
