import { isStatementTimeout } from '../common/mysql-errors.js';
import { StatementBounds } from './statement-bounds.js';

describe('StatementBounds.setSessionFor', () => {
  it('bounds every MariaDB statement precisely and lock waits in whole seconds (at least 1)', () => {
    expect(StatementBounds.setSessionFor('10.11.19-MariaDB-0+deb12u1', 300)).toBe(
      'SET SESSION max_statement_time = 0.3, innodb_lock_wait_timeout = 1, lock_wait_timeout = 1',
    );
    expect(StatementBounds.setSessionFor('11.4.2-MariaDB', 2500)).toBe(
      'SET SESSION max_statement_time = 2.5, innodb_lock_wait_timeout = 3, lock_wait_timeout = 3',
    );
  });

  it("uses MySQL's max_execution_time (milliseconds) on MySQL", () => {
    expect(StatementBounds.setSessionFor('8.4.3', 2000)).toBe(
      'SET SESSION max_execution_time = 2000, innodb_lock_wait_timeout = 2, lock_wait_timeout = 2',
    );
  });
});

describe('isStatementTimeout', () => {
  it.each([
    [{ errno: 1969 }, true],
    [{ driverError: { errno: 3024 } }, true],
    [{ driverError: { errno: 1205 } }, true],
    [{ errno: 1062 }, false],
    [{ driverError: { errno: 1213 } }, false],
    [new Error('x'), false],
    [null, false],
  ])('%j → %s', (error, expected) => {
    expect(isStatementTimeout(error)).toBe(expected);
  });
});
