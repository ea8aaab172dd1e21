/**
 * A Wing–Gong linearizability search with Lowe's memoisation (the algorithm of Porcupine and
 * Knossos): walk the history's call/return events, linearize any pending call the model accepts,
 * backtrack when a return is reached whose call is not linearized yet, and never revisit a
 * (set of linearized operations, model state) pair.
 */
export interface SequentialModel<State, Operation> {
  initial: State;
  /** The state after `operation`, or undefined when the operation is illegal in `state`. */
  step(state: State, operation: Operation): State | undefined;
  fingerprint(state: State): string;
}

export interface TimedOperation {
  invokedAt: number;
  /** Infinity for an operation whose outcome is unknown: it may take effect at any later time. */
  completedAt: number;
}

export type LinearizabilityResult<Operation> =
  | { verdict: 'linearizable'; steps: number }
  | { verdict: 'inconclusive'; steps: number }
  | {
      verdict: 'violation';
      steps: number;
      /** The operation no linearization could place before its return. */
      stuck: Operation;
      /** The operations overlapping it: the first violating window. */
      window: Operation[];
      /** How many operations the longest partial linearization placed, and its final state. */
      linearizedBefore: number;
      stateBefore: string;
    };

interface Entry {
  call: boolean;
  index: number;
  time: number;
  match?: Entry;
  prev?: Entry;
  next?: Entry;
}

export function checkLinearizability<State, Operation extends TimedOperation>(
  model: SequentialModel<State, Operation>,
  operations: readonly Operation[],
  maxSteps = 200_000,
  maxWindow = 20,
): LinearizabilityResult<Operation> {
  const head = buildEventList(operations);
  const linearized = new Bitset(operations.length);
  const seen = new Set<string>();
  const stack: { entry: Entry; state: State; forced: boolean }[] = [];
  let state = model.initial;
  let entry = head.next;
  let steps = 0;
  let deepest = { depth: -1, index: -1, state: '' };

  const backtrack = (stuckAt: Entry): boolean => {
    if (stack.length > deepest.depth) {
      deepest = { depth: stack.length, index: stuckAt.index, state: model.fingerprint(state) };
    }
    for (let top = stack.pop(); top; top = stack.pop()) {
      state = top.state;
      linearized.clear(top.entry.index);
      unlift(top.entry);
      if (!top.forced) {
        entry = top.entry.next;
        return true;
      }
    }
    return false;
  };

  const configuration = (index: number, next: State) => {
    linearized.set(index);
    const key = `${linearized.key()}|${model.fingerprint(next)}`;
    linearized.clear(index);
    return key;
  };
  const take = (taken: Entry, next: State, forced: boolean, key: string) => {
    seen.add(key);
    stack.push({ entry: taken, state, forced });
    linearized.set(taken.index);
    state = next;
    lift(taken);
    entry = head.next;
  };

  while (head.next && entry) {
    if (++steps > maxSteps) return { verdict: 'inconclusive', steps };
    if (entry === head.next) {
      // A callable, legal call that leaves the state alone (a read) can always go first: moving
      // it ahead breaks no real-time order. So it is no choice point, and taking every such read
      // before any write keeps a hot key's many concurrent reads from multiplying the search.
      const current = model.fingerprint(state);
      let forced: { entry: Entry; next: State } | undefined;
      for (
        let candidate: Entry | undefined = head.next;
        candidate?.call;
        candidate = candidate.next
      ) {
        steps++;
        const next = model.step(state, operations[candidate.index]);
        if (next !== undefined && model.fingerprint(next) === current) {
          forced = { entry: candidate, next };
          break;
        }
      }
      if (forced) {
        const key = configuration(forced.entry.index, forced.next);
        // already explored from there, and it failed: so did everything from here
        if (seen.has(key)) {
          if (!backtrack(forced.entry)) break;
        } else take(forced.entry, forced.next, true, key);
        continue;
      }
    }
    if (!entry.call) {
      if (!backtrack(entry)) break;
      continue;
    }
    const next = model.step(state, operations[entry.index]);
    const key = next === undefined ? undefined : configuration(entry.index, next);
    if (next === undefined || key === undefined || seen.has(key)) entry = entry.next;
    else take(entry, next, false, key);
  }
  if (!head.next) return { verdict: 'linearizable', steps };
  const stuck = operations[deepest.index];
  const overlaps = (operation: Operation, from: number, to: number) =>
    operation.invokedAt < to && operation.completedAt > from;
  // from the earliest call still open when the stuck operation began, up to its return
  const from = Math.min(
    ...operations
      .filter((operation) => overlaps(operation, stuck.invokedAt, stuck.completedAt))
      .map((operation) => operation.invokedAt),
  );
  const window = operations
    .filter((operation) => overlaps(operation, from, stuck.completedAt))
    .sort((a, b) => a.invokedAt - b.invokedAt)
    .slice(-maxWindow);
  return {
    verdict: 'violation',
    steps,
    stuck,
    window,
    linearizedBefore: deepest.depth,
    stateBefore: deepest.state,
  };
}

/** Calls and returns sorted by time (a call before a return at the same instant: concurrent). */
function buildEventList(operations: readonly TimedOperation[]): Entry {
  const events: Entry[] = [];
  operations.forEach((operation, index) => {
    const returned: Entry = { call: false, index, time: operation.completedAt };
    events.push({ call: true, index, time: operation.invokedAt, match: returned }, returned);
  });
  events.sort((a, b) => a.time - b.time || Number(b.call) - Number(a.call) || a.index - b.index);
  const head: Entry = { call: false, index: -1, time: -Infinity };
  let previous = head;
  for (const event of events) {
    previous.next = event;
    event.prev = previous;
    previous = event;
  }
  return head;
}

/** Removes a call and its return from the list (the call is now linearized). */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  call.next!.prev = call.prev;
  const returned = call.match!;
  returned.prev!.next = returned.next;
  if (returned.next) returned.next.prev = returned.prev;
}

/** Puts them back, in the reverse order of {@link lift}. */
function unlift(call: Entry): void {
  const returned = call.match!;
  returned.prev!.next = returned;
  if (returned.next) returned.next.prev = returned;
  call.prev!.next = call;
  call.next!.prev = call;
}

class Bitset {
  private readonly words: Uint16Array;

  constructor(size: number) {
    this.words = new Uint16Array(Math.ceil(size / 16) || 1);
  }

  set(index: number): void {
    this.words[index >>> 4] |= 1 << (index & 15);
  }

  clear(index: number): void {
    this.words[index >>> 4] &= ~(1 << (index & 15));
  }

  key(): string {
    let key = '';
    for (let start = 0; start < this.words.length; start += 4096) {
      key += String.fromCharCode(...this.words.subarray(start, start + 4096));
    }
    return key;
  }
}
