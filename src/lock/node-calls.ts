import { CallDeadlines, type Deadline } from './call-deadlines.js';
import { NodeTimeoutError } from './lock.errors.js';
import type { LockClient } from './lock-scripts.js';
import { Votes, type LockNode } from './lock-votes.js';
import { monotonicNow } from './monotonic-clock.js';
import { coalesceWrites } from './write-coalescing.js';

const deadlines = new CallDeadlines();
/** `callNodes` not finished yet, in this process. */
let pendingCalls = 0;
/** `callNodes` finished since the last one started: their callers are about to start theirs. */
let finishedSinceStart = 0;

/**
 * How many calls the one about to start shares its moment with (`coalesceWrites`): those that
 * finished since the last call started (the replies of one read, whose continuations send their
 * next commands in this tick), or those in flight, itself included.
 */
function callsInBatch(): number {
  const batch = Math.max(pendingCalls, finishedSinceStart);
  finishedSinceStart = 0;
  return batch;
}

/** How a call counts a node's answer: granted or refused. */
export type Judge<T> = (value: T) => boolean;

/**
 * One call on every node at once, collected as `Votes`. Resolves when all have answered, when
 * `timeoutMs` has passed (the silent ones fail with `NodeTimeoutError`), or with `failFast` as
 * soon as the quorum is won or lost (nodes not heard by then stay `undefined`).
 */
export function callNodes<T>(
  nodes: readonly LockNode[],
  quorum: number,
  call: (client: LockClient) => Promise<T>,
  judge: Judge<T>,
  timeoutMs: number,
  failFast = false,
  started = monotonicNow(),
): Promise<Votes<T>> {
  return new Promise((resolve) => {
    const pending = new PendingCall(nodes, quorum, judge, timeoutMs, failFast, resolve, started);
    const batch = callsInBatch();
    for (let i = 0; i < nodes.length; i++) {
      const { client } = nodes[i];
      if (nodes[i].coalesceWrites) coalesceWrites(client, batch);
      call(client).then(
        (value) => pending.answer(i, value),
        (error: unknown) =>
          pending.fail(i, error instanceof Error ? error : new Error(String(error))),
      );
    }
  });
}

/** The state of one `callNodes`; also its entry in the shared deadline timer. */
class PendingCall<T> implements Deadline {
  readonly deadline: number;
  previousDue: Deadline | undefined;
  nextDue: Deadline | undefined;
  private readonly votes: Votes<T>;
  private waiting: number;
  private finished = false;

  constructor(
    nodes: readonly LockNode[],
    quorum: number,
    private readonly judge: Judge<T>,
    private readonly timeoutMs: number,
    private readonly failFast: boolean,
    private readonly resolve: (votes: Votes<T>) => void,
    started: number,
  ) {
    this.votes = new Votes<T>(nodes, quorum);
    this.waiting = nodes.length;
    this.deadline = started + timeoutMs;
    deadlines.add(this);
    pendingCalls++;
  }

  answer(index: number, value: T): void {
    if (this.finished) return;
    this.votes.add(index, { granted: this.judge(value), value });
    this.settled();
  }

  fail(index: number, error: Error): void {
    if (this.finished) return;
    this.votes.add(index, { granted: false, error });
    this.settled();
  }

  expire(): void {
    const { votes } = this.votes;
    for (let i = 0; i < votes.length; i++) {
      if (!votes[i])
        this.votes.add(i, { granted: false, error: new NodeTimeoutError(this.timeoutMs) });
    }
    this.finish();
  }

  private settled(): void {
    this.waiting--;
    if (this.waiting === 0 || (this.failFast && (this.votes.won || this.votes.lost))) this.finish();
  }

  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    pendingCalls--;
    finishedSinceStart++;
    deadlines.delete(this);
    this.resolve(this.votes);
  }
}
