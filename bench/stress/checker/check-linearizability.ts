import { checkLinearizability } from './linearizability.js';
import { registerModel } from './register-model.js';
import type { InitialRegister, RegisterOperation } from './register-operation.js';
import { groupByKey } from './stale-reads.js';

export interface KeyViolation {
  key: string;
  stuckId: number;
  linearizedBefore: number;
  stateBefore: string;
  window: Pick<
    RegisterOperation,
    'id' | 'kind' | 'invokedAt' | 'completedAt' | 'outcome' | 'order' | 'value'
  >[];
}

export interface LinearizabilityReport {
  keysChecked: number;
  linearizableKeys: number;
  /** Keys whose search ran out of its step budget. */
  inconclusiveKeys: string[];
  violations: KeyViolation[];
}

/**
 * Checks every key's history on its own (a register is linearizable iff each key is). Successful
 * reads and writes take part; a write of unknown outcome takes part with an open end (it may
 * take effect any time after its invocation, or never); rejected operations and failed reads do
 * not, since they observed and changed nothing.
 */
export function checkKeysLinearizable(
  operations: readonly RegisterOperation[],
  initial: ReadonlyMap<string, InitialRegister>,
  maxStepsPerKey = 200_000,
): LinearizabilityReport {
  const report: LinearizabilityReport = {
    keysChecked: 0,
    linearizableKeys: 0,
    inconclusiveKeys: [],
    violations: [],
  };
  for (const [key, keyOperations] of groupByKey(operations)) {
    const start = initial.get(key);
    if (!start) continue;
    const relevant = keyOperations
      .filter((operation) =>
        operation.outcome === 'unknown' ? operation.kind === 'write' : operation.outcome === 'ok',
      )
      .map((operation) =>
        operation.outcome === 'unknown' ? { ...operation, completedAt: Infinity } : operation,
      );
    report.keysChecked++;
    const result = checkLinearizability(registerModel(start), relevant, maxStepsPerKey);
    if (result.verdict === 'linearizable') report.linearizableKeys++;
    else if (result.verdict === 'inconclusive') report.inconclusiveKeys.push(key);
    else {
      report.violations.push({
        key,
        stuckId: result.stuck.id,
        linearizedBefore: result.linearizedBefore,
        stateBefore: result.stateBefore,
        window: result.window.map(
          ({ id, kind, invokedAt, completedAt, outcome, order, value }) => ({
            id,
            kind,
            invokedAt,
            completedAt,
            outcome,
            order,
            value,
          }),
        ),
      });
    }
  }
  return report;
}
