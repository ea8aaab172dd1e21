import { parseCriteriaWrite, pinnedColumns } from './criteria-sql.js';

describe('parseCriteriaWrite', () => {
  it('reads a DELETE by criteria', () => {
    expect(parseCriteriaWrite('DELETE FROM `t_user` WHERE `user_id` = ?', ['a'])).toEqual({
      table: '`t_user`',
      where: '`user_id` = ?',
      whereParameters: ['a'],
      assigned: new Map(),
    });
  });

  it('splits an UPDATE’s parameters between SET and WHERE, and tells how each column is set', () => {
    const parsed = parseCriteriaWrite(
      "UPDATE `db`.`t_user` SET `nickname` = ?, `version` = version + 1, `note` = CONCAT('a?', ?), `user_id` = ? WHERE `user_level` IN (?, ?) AND `nickname` = 'x WHERE y' ORDER BY `id` LIMIT 5",
      ['nick', 'b', 'new-id', 1, 2],
    );
    expect(parsed).toEqual({
      table: '`db`.`t_user`',
      where: "`user_level` IN (?, ?) AND `nickname` = 'x WHERE y' ORDER BY `id` LIMIT 5",
      whereParameters: [1, 2],
      assigned: new Map<string, unknown>([
        ['nickname', { parameter: 'nick' }],
        ['version', 'raw'],
        ['note', 'raw'],
        ['user_id', { parameter: 'new-id' }],
      ]),
    });
  });

  it('finds the top-level WHERE only', () => {
    const parsed = parseCriteriaWrite(
      'UPDATE `t` SET `a` = (SELECT MAX(`b`) FROM `u` WHERE `u`.`c` = ?) WHERE `id` = ?',
      [1, 2],
    );
    expect(parsed?.where).toBe('`id` = ?');
    expect(parsed?.whereParameters).toEqual([2]);
  });

  it.each([
    ['an UPDATE of every row', 'UPDATE `t` SET `a` = ?'],
    ['a DELETE of every row', 'DELETE FROM `t`'],
    [
      'a multi-table UPDATE',
      'UPDATE `t` JOIN `u` ON `u`.`id` = `t`.`id` SET `a` = ? WHERE `b` = ?',
    ],
    ['an INSERT', 'INSERT INTO `t`(`a`) VALUES (?)'],
    ['a SELECT', 'SELECT * FROM `t` WHERE `a` = ?'],
  ])('gives up on %s', (_what, sql) => {
    expect(parseCriteriaWrite(sql, [1, 2])).toBeUndefined();
  });
});

describe('pinnedColumns', () => {
  it('reads equalities and IN lists joined by AND, next to other conditions', () => {
    expect(
      pinnedColumns(
        '`a` = ? AND `b` IN (?, ?) AND (`c` > ? OR `d` = ?) AND `e` = ?',
        [1, 2, 3, 4, 5, 6],
      ),
    ).toEqual(
      new Map([
        ['a', [1]],
        ['b', [2, 3]],
        ['e', [6]],
      ]),
    );
  });

  it('pins nothing under a top-level OR', () => {
    expect(pinnedColumns('`a` = ? OR `b` = ?', [1, 2])).toBeUndefined();
  });

  it('pins nothing by a comparison or an expression', () => {
    expect(pinnedColumns('`a` > ? AND LOWER(`b`) = ?', [1, 'x'])).toEqual(new Map());
  });
});
