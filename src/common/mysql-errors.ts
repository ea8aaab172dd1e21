/** True when a MySQL error is a duplicate-key violation (ER_DUP_ENTRY). */
export function isDuplicateKeyError(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } } | null)?.code;
  return code === 'ER_DUP_ENTRY';
}

const TIMEOUT_ERRNOS = new Set([
  1969, // MariaDB ER_STATEMENT_TIMEOUT: max_statement_time exceeded
  3024, // MySQL ER_QUERY_TIMEOUT: max_execution_time exceeded
  1205, // ER_LOCK_WAIT_TIMEOUT: innodb_lock_wait_timeout or lock_wait_timeout exceeded
]);

/** True for a statement the server stopped at the bound (TypeORM's error or the driver's); `MYSQL_QUERY_TIMEOUT_MS`, see src/database/statement-bounds.ts. */
export function isStatementTimeout(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { errno, driverError } = error as { errno?: unknown; driverError?: { errno?: unknown } };
  const number = typeof errno === 'number' ? errno : driverError?.errno;
  return typeof number === 'number' && TIMEOUT_ERRNOS.has(number);
}
