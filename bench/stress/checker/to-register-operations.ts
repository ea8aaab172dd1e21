import type { OperationRecord } from '../history/operation-record.js';
import type { InitialRegister, RegisterOperation } from './register-operation.js';

/**
 * Maps the recorded operations onto registers: for users the position is the row version and
 * the value the nickname; for inventory the position is the units sold so far (start − stock),
 * which a sale's `left` and a read's `number` both reveal.
 */
export function toRegisterOperations(
  records: readonly OperationRecord[],
  initial: ReadonlyMap<string, InitialRegister>,
): RegisterOperation[] {
  return records.map((record) => {
    const start = initial.get(record.key)?.limit;
    const sold = (stock: number | undefined) =>
      start === undefined || stock === undefined ? undefined : start - stock;
    const base = {
      id: record.id,
      key: record.key,
      invokedAt: record.invokedAt,
      completedAt: record.completedAt,
      outcome: record.outcome,
      ...(record.external ? { external: true } : {}),
    };
    if (record.kind === 'sell') {
      return { ...base, kind: 'write', order: sold(record.left), increment: record.quantity ?? 0 };
    }
    if (start !== undefined) {
      return { ...base, kind: record.kind, order: sold(record.stock), increment: 0 };
    }
    return {
      ...base,
      kind: record.kind,
      order: record.version,
      value: record.nickname,
      increment: 1,
    };
  });
}
