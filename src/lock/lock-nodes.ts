import type { LockQuorumError } from './lock.errors.js';
import { fenceKeyOf, lockKey } from './lock-keys.js';
import { driftMs } from './lock-options.js';
import { NOT_OWNER, OWNED, type OwnershipResult } from './lock-scripts.js';
import {
  listenersOf,
  releaseOutcomeOf,
  releaseVotes,
  type ReleaseOutcome,
} from './release-votes.js';
import type { LockNode, Votes } from './lock-votes.js';
import { monotonicNow } from './monotonic-clock.js';
import { callNodes } from './node-calls.js';
import type { HeldResource } from './held-resource.js';
import { heldByVotes, heldFrom, type CallOptions } from './granted-lock.js';

/**
 * The result of one attempt on one resource. `retryAfterMs`: the longest PTTL among the holders
 * that refused, or `undefined` when the attempt was a bare `SET NX` (which does not say).
 */
export type Attempt =
  | { acquired: true; held: HeldResource }
  | {
      acquired: false;
      retryAfterMs: number | undefined;
      quorumError: LockQuorumError | undefined;
    };

/**
 * `fences` for an attempt that takes no fencing token and needs no PTTL: a bare `SET NX PX`
 * instead of the acquire script (the cheapest possible acquisition: no Lua, no counter).
 */
export const BARE_SET = -1;
const isOk = (reply: string | null): boolean => reply === 'OK';

/** A release, and the most subscribers its wake-up message reached on any node. */
export interface Release {
  outcome: ReleaseOutcome;
  listeners: number;
}

export type ExtendOutcome =
  { extended: true; validUntil: number } | { extended: false; reason: 'expired' | 'not-owner' };

const granted = (result: readonly [number, number]): boolean => result[0] === OWNED;
const owned = (result: OwnershipResult): boolean => result === OWNED;

/**
 * The independent Redis masters of a Redlock and their quorum (⌊N/2⌋ + 1): every operation runs
 * on all nodes at once and is decided by its `Votes`. No waiting, no retries here. See
 * `docs/lock.md`, "Quorum and validity".
 */
export class LockNodes {
  readonly quorum: number;

  constructor(readonly nodes: readonly LockNode[]) {
    if (nodes.length === 0) throw new RangeError('a lock needs at least one Redis node');
    this.quorum = Math.floor(nodes.length / 2) + 1;
  }

  /**
   * One attempt: SET NX PX and `fences` fencing tokens reserved (or `BARE_SET`), validity
   * counted from `started` (never later than the attempt's start), cleanup on failure.
   */
  acquire(
    resource: string,
    token: string,
    options: CallOptions,
    resources: readonly string[],
    fences: number,
    started = monotonicNow(),
  ): Promise<Attempt> {
    if (fences === BARE_SET) {
      const key = lockKey(resource);
      // Not async, and the reply judged as it comes: the cheapest uncontended path.
      return callNodes(
        this.nodes,
        this.quorum,
        (client) => client.set(key, token, 'PX', options.ttlMs, 'NX'),
        isOk,
        options.nodeTimeoutMs,
        options.failFast,
        started,
      ).then((votes): Attempt => {
        const held = votes.won ? heldFrom(resource, token, 0, started, options, 0) : undefined;
        if (held) return { acquired: true, held };
        return this.failed(resource, token, votes, options, resources, undefined);
      });
    }
    return this.acquireScripted(resource, token, options, resources, fences, started);
  }

  private async acquireScripted(
    resource: string,
    token: string,
    options: CallOptions,
    resources: readonly string[],
    fences: number,
    started: number,
  ): Promise<Attempt> {
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const votes = await callNodes<readonly [number, number]>(
      this.nodes,
      this.quorum,
      (client) =>
        client.lockAcquire(key, fenceKey, token, options.ttlMs, options.fenceTtlMs, fences),
      granted,
      options.nodeTimeoutMs,
      options.failFast,
      started,
    );
    const found = heldByVotes(this, resource, token, votes, started, options, fences);
    const held = found instanceof Promise ? await found : found;
    if (held) return { acquired: true, held };
    let retryAfterMs = 0;
    for (const [, pttl] of votes.refusals()) if (pttl > retryAfterMs) retryAfterMs = pttl;
    return this.failed(resource, token, votes, options, resources, retryAfterMs);
  }

  /**
   * A failed attempt. Partial acquisitions (and nodes that may have applied the SET before
   * failing) are released at once so that they do not block everyone until their expiry.
   */
  private failed(
    resource: string,
    token: string,
    votes: Votes<unknown>,
    options: CallOptions,
    resources: readonly string[],
    retryAfterMs: number | undefined,
  ): Attempt {
    if (votes.mayHaveGranted) this.release(resource, token, options).catch(() => undefined);
    return { acquired: false, retryAfterMs, quorumError: votes.quorumError(resources) };
  }

  /**
   * Passes the key from `token` to `next.token` on every node, with the next holder's fresh PX
   * and `fences` fencing tokens reserved (`docs/lock.md`, "Hand-off"). Resolves with the lock
   * when handed over on a quorum; otherwise undoes what was handed and resolves `undefined`
   * (the caller then releases to everyone).
   */
  async handOff(
    resource: string,
    token: string,
    next: { readonly token: string; readonly options: CallOptions },
    fences: number,
  ): Promise<HeldResource | undefined> {
    const { options } = next;
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const started = monotonicNow();
    const votes = await callNodes(
      this.nodes,
      this.quorum,
      (client) =>
        client.lockHandOff(
          key,
          fenceKey,
          token,
          next.token,
          options.ttlMs,
          options.fenceTtlMs,
          fences,
        ),
      granted,
      options.nodeTimeoutMs,
    );
    if (!votes.mayHaveGranted) return undefined;
    const held = await heldByVotes(this, resource, next.token, votes, started, options, fences);
    if (held) return held;
    await this.release(resource, next.token, options).catch(() => undefined);
    return undefined;
  }

  /** One release on every node: deletes the key where this token owns it, wakes the waiters. */
  release(resource: string, token: string, options: CallOptions): Promise<Release> {
    return releaseVotes(this, resource, token, options.nodeTimeoutMs).then((votes) => ({
      outcome: releaseOutcomeOf(votes, resource),
      listeners: votes.maxGranted(listenersOf),
    }));
  }

  /** `release` when nobody of this process waits (no listeners to count): the uncontended path. */
  releaseOutcome(resource: string, token: string, options: CallOptions): Promise<ReleaseOutcome> {
    return releaseVotes(this, resource, token, options.nodeTimeoutMs).then((votes) =>
      releaseOutcomeOf(votes, resource),
    );
  }

  /** Resets the PX of a held key on every node; valid again only if a quorum still had it. */
  async extend(
    resource: string,
    token: string,
    ttlMs: number,
    options: CallOptions,
  ): Promise<ExtendOutcome> {
    const key = lockKey(resource);
    const started = monotonicNow();
    const votes = await callNodes(
      this.nodes,
      this.quorum,
      (client) => client.lockExtend(key, token, ttlMs),
      owned,
      options.nodeTimeoutMs,
    );
    const validUntil = started + ttlMs - driftMs(options, ttlMs);
    if (votes.won && validUntil > monotonicNow()) return { extended: true, validUntil };
    const unreachable = votes.quorumError([resource]);
    if (unreachable) throw unreachable;
    const notOwner = votes.refusals().some((result) => result === NOT_OWNER);
    return { extended: false, reason: notOwner ? 'not-owner' : 'expired' };
  }

  /** Whether a quorum of nodes still holds the key with this token. */
  async owns(resource: string, token: string, options: CallOptions): Promise<boolean> {
    const key = lockKey(resource);
    const votes = await callNodes(
      this.nodes,
      this.quorum,
      (client) => client.get(key),
      (value) => value === token,
      options.nodeTimeoutMs,
    );
    return votes.won;
  }

  /** How many nodes answer a PING within `timeoutMs` (the lock's health). */
  async reachable(timeoutMs: number): Promise<number> {
    const votes = await callNodes(
      this.nodes,
      this.quorum,
      (client) => client.ping(),
      () => true,
      timeoutMs,
    );
    return votes.granted;
  }
}
