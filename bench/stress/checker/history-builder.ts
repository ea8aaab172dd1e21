import type { Outcome } from '../history/operation-record.js';
import type { InitialRegister, RegisterOperation } from './register-operation.js';

/** Terse synthetic histories for the checker's specs: `read(0, 10, 2)` reads position 2. */
export class HistoryBuilder {
  readonly operations: RegisterOperation[] = [];

  constructor(private readonly key = 'k') {}

  read(invokedAt: number, completedAt: number, order: number, value?: string): this {
    return this.add({ kind: 'read', invokedAt, completedAt, order, value, outcome: 'ok' });
  }

  write(
    invokedAt: number,
    completedAt: number,
    order: number | undefined,
    value?: string,
    outcome: Outcome = 'ok',
  ): this {
    return this.add({ kind: 'write', invokedAt, completedAt, order, value, outcome });
  }

  /** A write made straight to MySQL, behind the app. */
  externalWrite(invokedAt: number, completedAt: number, order: number, value?: string): this {
    const outcome = 'ok';
    return this.add({
      kind: 'write',
      invokedAt,
      completedAt,
      order,
      value,
      outcome,
      external: true,
    });
  }

  private add(operation: Omit<RegisterOperation, 'id' | 'key' | 'increment'>): this {
    this.operations.push({ ...operation, id: this.operations.length, key: this.key, increment: 1 });
    return this;
  }
}

export function initialOf(entries: Record<string, InitialRegister>): Map<string, InitialRegister> {
  return new Map(Object.entries(entries));
}
