/** One key's row as MySQL holds it after the run, or as one app process returned it. */
export interface RowState {
  version: number;
  /** The tracked column: nickname (users) or stock (inventory), as text. */
  value: string;
}

export interface FinalObservation {
  key: string;
  target: number;
  /** 0: no response even after retries (counted as a mismatch: nothing confirms the key). */
  status: number;
  row?: RowState;
  error?: string;
}

export interface FinalMismatch extends FinalObservation {
  expected?: RowState;
}

/**
 * After the run and its settle time, every key read through every process must equal MySQL:
 * same status (200, or 404 when MySQL has no row), same version, same value.
 */
export function findFinalMismatches(
  observations: readonly FinalObservation[],
  truth: ReadonlyMap<string, RowState>,
): FinalMismatch[] {
  return observations
    .filter((observation) => {
      const expected = truth.get(observation.key);
      if (!expected) return observation.status !== 404;
      return (
        observation.status !== 200 ||
        observation.row?.version !== expected.version ||
        observation.row.value !== expected.value
      );
    })
    .map((observation) => ({ ...observation, expected: truth.get(observation.key) }));
}
