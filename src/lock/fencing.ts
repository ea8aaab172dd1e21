const COLUMN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * SQL fragments that make a row write conditional on a fencing token: add `set` to the UPDATE's
 * SET list and `where` to its WHERE clause, each with the token as its parameter:
 *
 *     UPDATE t SET number = number - ?, ${set} WHERE id = ? AND ${where}
 *
 * The row keeps the highest token that wrote it and refuses older ones, so a holder whose lock
 * expired and was taken over cannot write after its successor did. The same token may write
 * again (`<=`): one holder may update a row several times under one acquisition. An UPDATE
 * that matches no row because of the fence should end in `FencedOutError`.
 */
export function fencedWrite(column = 'fence'): { set: string; where: string } {
  if (!COLUMN.test(column)) throw new RangeError(`not a column name: ${column}`);
  return { set: `${column} = ?`, where: `${column} <= ?` };
}
