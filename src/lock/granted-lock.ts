import { fenceKeyOf, lockKey } from './lock-keys.js';
import { driftMs, type LockOptions } from './lock-options.js';
import type { LockNode, Votes } from './lock-votes.js';
import { monotonicNow } from './monotonic-clock.js';
import { callNodes } from './node-calls.js';
import type { HeldResource } from './held-resource.js';

/** The options of one call: always the mutex's own (resolved) options, never the Redlock's. */
export type CallOptions = Pick<
  Readonly<LockOptions>,
  'ttlMs' | 'driftFactor' | 'nodeTimeoutMs' | 'failFast' | 'fenceTtlMs'
>;

/** The nodes of a Redlock and their quorum. */
interface NodeSet {
  readonly nodes: readonly LockNode[];
  readonly quorum: number;
}

const second = (result: readonly [number, number]): number => result[1];

/**
 * The lock as held by `token` when the nodes granted it: `undefined` short of a quorum, when
 * the fencing counter could not be carried to a quorum (N nodes), or when the validity,
 * counted from `started`, has already run out. Its fencing token is the first of the block.
 * Not async unless there is a counter to carry (one node, or no fence: no extra tick).
 */
export function heldByVotes(
  nodes: NodeSet,
  resource: string,
  token: string,
  votes: Votes<readonly [number, number]>,
  started: number,
  options: CallOptions,
  fences: number,
): HeldResource | undefined | Promise<HeldResource | undefined> {
  if (!votes.won) return undefined;
  const lastFence = votes.maxGranted(second);
  if (fences > 0 && nodes.nodes.length > 1) {
    return carryFence(nodes, resource, token, lastFence, votes.grants(), options).then((carried) =>
      carried ? heldFrom(resource, token, lastFence, started, options, fences) : undefined,
    );
  }
  return heldFrom(resource, token, lastFence, started, options, fences);
}

/**
 * With several nodes the token is the largest counter of the quorum, and a later acquisition
 * must see at least that much on a node it shares with this quorum: so unless a quorum of
 * nodes already reported the maximum, the lower counters are raised before the lock counts
 * as taken. Lagging nodes are raised in the background either way, so counters converge
 * (`docs/lock.md`, "Fencing tokens", N nodes).
 */
async function carryFence(
  nodes: NodeSet,
  resource: string,
  token: string,
  fence: number,
  grants: readonly { node: LockNode; value: readonly [number, number] }[],
  options: CallOptions,
): Promise<boolean> {
  const lagging = grants.filter((grant) => grant.value[1] !== fence).map((grant) => grant.node);
  if (lagging.length === 0) return true;
  const atMax = grants.length - lagging.length;
  const raising = callNodes(
    lagging,
    lagging.length,
    (client) =>
      client.lockRaiseFence(
        lockKey(resource),
        fenceKeyOf(resource),
        token,
        fence,
        options.fenceTtlMs,
      ),
    (result) => result === 1,
    options.nodeTimeoutMs,
  );
  if (atMax >= nodes.quorum) {
    raising.catch(() => undefined);
    return true;
  }
  return atMax + (await raising).granted >= nodes.quorum;
}

/** The held lock, or `undefined` if its validity (counted from `started`) is already over. */
export function heldFrom(
  resource: string,
  token: string,
  lastFence: number,
  started: number,
  options: CallOptions,
  fences: number,
): HeldResource | undefined {
  const validUntil = started + options.ttlMs - driftMs(options, options.ttlMs);
  if (validUntil <= monotonicNow()) return undefined;
  const fence = fences > 0 ? lastFence - fences + 1 : 0;
  return { resource, value: token, fence, lastFence, validUntil };
}
