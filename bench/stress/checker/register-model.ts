import type { SequentialModel } from './linearizability.js';
import type { InitialRegister, RegisterOperation } from './register-operation.js';

export interface RegisterState {
  order: number;
  value?: string;
}

/**
 * The sequential specification of one key: a read returns the current position (and value); a
 * successful write moves the position by its increment and returns the new position; a write of
 * unknown outcome moves it without telling us where (a sale that would oversell is refused and
 * leaves it alone). A position never passes the limit (inventory: the start stock).
 */
export function registerModel(
  initial: InitialRegister,
): SequentialModel<RegisterState, RegisterOperation> {
  const fits = (order: number) => initial.limit === undefined || order <= initial.limit;
  return {
    initial: { order: initial.order, value: initial.value },
    fingerprint: (state) => `${state.order}:${state.value ?? ''}`,
    step(state, operation) {
      if (operation.kind === 'read') {
        if (operation.order !== state.order) return undefined;
        const valueDiffers =
          operation.value !== undefined &&
          state.value !== undefined &&
          operation.value !== state.value;
        return valueDiffers ? undefined : state;
      }
      const order = state.order + operation.increment;
      if (operation.outcome === 'unknown') {
        return fits(order) ? { order, value: operation.value } : state;
      }
      return operation.order === order && fits(order)
        ? { order, value: operation.value }
        : undefined;
    },
  };
}
