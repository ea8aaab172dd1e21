/** True when a MySQL error is a duplicate-key violation (ER_DUP_ENTRY). */
export function isDuplicateKeyError(error: unknown): boolean {
  const code = (error as { code?: string; driverError?: { code?: string } } | null)?.code;
  return code === 'ER_DUP_ENTRY';
}
