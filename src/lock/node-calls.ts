import { CallDeadlines } from './call-deadlines.js';
import type { LockClient } from './lock-scripts.js';
import { monotonicNow } from './monotonic-clock.js';

/** One independent Redis master of the lock. */
export interface LockNode {
  /** host:port, for error messages. */
  readonly name: string;
  readonly client: LockClient;
}

export type NodeAnswer<T> = { readonly value: T } | { readonly error: Error };

export class NodeTimeoutError extends Error {
  override name = 'NodeTimeoutError';
  constructor(ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

const deadlines = new CallDeadlines();

/**
 * Calls every node at once. Resolves with one answer per node (in node order) when all have
 * answered, when `timeoutMs` has passed (the silent ones get a `NodeTimeoutError`), or as soon
 * as `decided(answers)` says the outcome cannot change (fail-fast); nodes that have not answered
 * by then are `undefined`.
 */
export function callNodes<T>(
  nodes: readonly LockNode[],
  call: (client: LockClient) => Promise<T>,
  timeoutMs: number,
  decided?: (answers: readonly (NodeAnswer<T> | undefined)[]) => boolean,
): Promise<(NodeAnswer<T> | undefined)[]> {
  return new Promise((resolve) => {
    const answers: (NodeAnswer<T> | undefined)[] = new Array<NodeAnswer<T> | undefined>(
      nodes.length,
    );
    let waiting = nodes.length;
    let finished = false;
    const finish = (): void => {
      finished = true;
      deadlines.delete(deadline);
      resolve(answers);
    };
    const deadline = {
      deadline: monotonicNow() + timeoutMs,
      expire(): void {
        for (let i = 0; i < answers.length; i++) {
          answers[i] ??= { error: new NodeTimeoutError(timeoutMs) };
        }
        finish();
      },
    };
    deadlines.add(deadline);
    const settle = (index: number, answer: NodeAnswer<T>): void => {
      if (finished) return;
      answers[index] = answer;
      waiting--;
      if (waiting === 0 || decided?.(answers)) finish();
    };
    for (let i = 0; i < nodes.length; i++) {
      call(nodes[i].client).then(
        (value) => settle(i, { value }),
        (error: unknown) =>
          settle(i, { error: error instanceof Error ? error : new Error(String(error)) }),
      );
    }
  });
}

/** The errors among the answers, named by node. */
export function nodeFailures<T>(
  nodes: readonly LockNode[],
  answers: readonly (NodeAnswer<T> | undefined)[],
): { node: string; error: Error }[] {
  const failures: { node: string; error: Error }[] = [];
  answers.forEach((answer, index) => {
    if (answer && 'error' in answer)
      failures.push({ node: nodes[index].name, error: answer.error });
  });
  return failures;
}
