import { lockKey } from './lock-keys.js';
import { NOT_OWNER } from './lock-scripts.js';
import type { LockNode, Votes } from './lock-votes.js';
import { callNodes } from './node-calls.js';

export type ReleaseOutcome = 'released' | 'expired' | 'not-owner';

/** The release script's reply: `1 + listeners` when released here. */
const releasedHere = (reply: number): boolean => reply >= 1;
export const listenersOf = (reply: number): number => reply - 1;

/** A release's outcome by its votes; `LockQuorumError` when too many nodes failed. */
export function releaseOutcomeOf(votes: Votes<number>, resource: string): ReleaseOutcome {
  if (votes.won) return 'released';
  const unreachable = votes.quorumError([resource]);
  if (unreachable) throw unreachable;
  const notOwner = votes.granted === 0 && votes.refusals().includes(NOT_OWNER);
  return notOwner ? 'not-owner' : 'expired';
}

/** The release script on every node (deletes the key where `token` owns it, wakes the waiters). */
export function releaseVotes(
  nodes: { readonly nodes: readonly LockNode[]; readonly quorum: number },
  resource: string,
  token: string,
  timeoutMs: number,
): Promise<Votes<number>> {
  const key = lockKey(resource);
  return callNodes(
    nodes.nodes,
    nodes.quorum,
    (client) => client.lockRelease(key, token),
    releasedHere,
    timeoutMs,
  );
}
