import { describe, expect, it } from '@jest/globals';
import { laxityOf } from './key-collations.js';

// MariaDB has no PAD_ATTRIBUTE (null): NO PAD collations are the `_nopad_` ones. MySQL 8 has it.
describe('laxityOf', () => {
  it.each<[string, string | null, string[]]>([
    ['utf8mb4_general_ci', null, ['case-insensitive', 'pad-space']],
    ['utf8mb4_bin', null, ['pad-space']],
    ['latin1_swedish_ci', null, ['case-insensitive', 'pad-space']],
    ['utf8mb4_nopad_bin', null, []],
    ['utf8mb4_general_nopad_ci', null, ['case-insensitive']],
    ['utf8mb4_uca1400_ai_ci', null, ['case-insensitive', 'accent-insensitive', 'pad-space']],
    ['utf8mb4_0900_ai_ci', 'NO PAD', ['case-insensitive', 'accent-insensitive']],
    ['utf8mb4_0900_as_cs', 'NO PAD', []],
    ['utf8mb4_0900_bin', 'NO PAD', []],
    ['utf8mb4_bin', 'PAD SPACE', ['pad-space']],
  ])('%s (%s): %j', (collation, pad, laxity) => {
    expect(laxityOf(collation, pad)).toEqual(laxity);
  });
});
