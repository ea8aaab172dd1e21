import { LockQuorumError, type NodeFailure } from './lock.errors.js';
import type { LockClient } from './lock-scripts.js';

/** One independent Redis master (or one Redis Cluster) of the lock. */
export interface LockNode {
  /** host:port (never credentials), for error messages. */
  readonly name: string;
  readonly client: LockClient;
  /** Shares the node's socket writes among many calls started at once (`coalesceWrites`). */
  readonly coalesceWrites?: boolean;
}

/**
 * What one node answered to one call: it granted (the key holds this token now / still does),
 * refused (`value` says why: the holder's PTTL, another owner, expired), or failed (an error, or
 * no answer within `nodeTimeoutMs`).
 */
export type Vote<T> =
  | { readonly granted: boolean; readonly value: T }
  | { readonly granted: false; readonly error: Error };

/**
 * The answers of all nodes to one call and the one place where the quorum (⌊N/2⌋ + 1) is
 * decided, for every operation alike (like node-redlock's `ExecutionStats`). `votes[i]` is
 * node i's answer, `undefined` while (or if, after fail-fast) it has not been heard.
 */
export class Votes<T> {
  readonly votes: (Vote<T> | undefined)[];
  granted = 0;
  refused = 0;
  failed = 0;

  constructor(
    readonly nodes: readonly LockNode[],
    readonly quorum: number,
  ) {
    this.votes = new Array<Vote<T> | undefined>(nodes.length);
  }

  /** Records node `index`'s answer (the first one counts). */
  add(index: number, vote: Vote<T>): void {
    if (this.votes[index]) return;
    this.votes[index] = vote;
    if (vote.granted) this.granted++;
    else if ('error' in vote) this.failed++;
    else this.refused++;
  }

  /** A quorum granted it. */
  get won(): boolean {
    return this.granted >= this.quorum;
  }

  /** So many nodes refused or failed that a quorum can no longer grant it. */
  get lost(): boolean {
    return this.refused + this.failed > this.nodes.length - this.quorum;
  }

  /** So many nodes failed that neither a grant nor a refusal by a quorum is possible. */
  get unreachable(): boolean {
    return this.failed > this.nodes.length - this.quorum;
  }

  /** Some node may hold the key for this call: it granted, failed or was not heard. */
  get mayHaveGranted(): boolean {
    return this.granted > 0 || this.refused < this.nodes.length;
  }

  /** The value of every refusal (e.g. the holders' PTTLs). */
  refusals(): T[] {
    const values: T[] = [];
    for (const vote of this.votes)
      if (vote && !vote.granted && 'value' in vote) values.push(vote.value);
    return values;
  }

  /** The largest of `pick(value)` over the granting nodes (0 if none): no array allocated. */
  maxGranted(pick: (value: T) => number): number {
    let max = 0;
    for (const vote of this.votes) {
      if (vote?.granted && 'value' in vote) {
        const picked = pick(vote.value);
        if (picked > max) max = picked;
      }
    }
    return max;
  }

  /** The granting nodes' values, with the nodes. */
  grants(): { node: LockNode; value: T }[] {
    const grants: { node: LockNode; value: T }[] = [];
    this.votes.forEach((vote, index) => {
      if (vote?.granted && 'value' in vote)
        grants.push({ node: this.nodes[index], value: vote.value });
    });
    return grants;
  }

  failures(): NodeFailure[] {
    const failures: NodeFailure[] = [];
    this.votes.forEach((vote, index) => {
      if (vote && 'error' in vote)
        failures.push({ node: this.nodes[index].name, error: vote.error });
    });
    return failures;
  }

  /** A `LockQuorumError` naming each failed node when the quorum is unreachable, else undefined. */
  quorumError(resources: readonly string[]): LockQuorumError | undefined {
    if (!this.unreachable) return undefined;
    return new LockQuorumError(resources, this.quorum, this.nodes.length, this.failures());
  }
}
