import type { Redis } from 'ioredis';
import { LockQuorumError } from './lock.errors.js';
import { fenceKeyOf, lockKey } from './lock-keys.js';
import { driftMs, type LockOptions } from './lock-options.js';
import {
  defineLockCommands,
  EXPIRED,
  NOT_OWNER,
  OWNED,
  type OwnershipResult,
} from './lock-scripts.js';
import { monotonicNow } from './monotonic-clock.js';
import { callNodes, nodeFailures, type LockNode, type NodeAnswer } from './node-calls.js';
import type { HeldResource } from './held-resource.js';

/** The result of one attempt on one resource. */
export type Attempt =
  | { acquired: true; held: HeldResource }
  | { acquired: false; retryAfterMs: number; quorumError: LockQuorumError | undefined };

export type ReleaseOutcome = 'released' | 'expired' | 'not-owner';
/** What the nodes answered to an acquire or hand-off script for `token`. */
interface Granted {
  readonly resource: string;
  readonly token: string;
  /** How many nodes granted it. */
  readonly nodes: number;
  /** The largest fencing counter among them: the last token of the reserved block. */
  readonly lastFence: number;
  readonly fences: number;
  readonly answers: readonly (NodeAnswer<[number, number]> | undefined)[];
}

/** A release, and the most subscribers its wake-up message reached on any node. */
export interface Release {
  outcome: ReleaseOutcome;
  listeners: number;
}
export type ExtendOutcome =
  { extended: true; validUntil: number } | { extended: false; reason: 'expired' | 'not-owner' };

/**
 * The independent Redis masters of a Redlock and their quorum (N/2+1): every operation runs on
 * all nodes at once and is decided by counting their answers. No waiting, no retries here.
 */
export class LockNodes {
  readonly quorum: number;
  readonly nodes: readonly LockNode[];

  constructor(
    clients: readonly Redis[],
    private readonly defaults: Readonly<LockOptions>,
  ) {
    this.quorum = Math.floor(clients.length / 2) + 1;
    this.nodes = clients.map((client) => ({
      name: `${client.options.host ?? '?'}:${client.options.port ?? '?'}`,
      client: defineLockCommands(client),
    }));
  }

  /**
   * One attempt on all nodes: SET NX PX + `fences` fencing tokens reserved, quorum, validity,
   * cleanup on failure.
   */
  async acquire(
    resource: string,
    token: string,
    options: Readonly<LockOptions>,
    resources: readonly string[],
    fences: number,
  ): Promise<Attempt> {
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const started = monotonicNow();
    const answers = await callNodes(
      this.nodes,
      (client) =>
        client.lockAcquire(key, fenceKey, token, options.ttlMs, options.fenceTtlMs, fences),
      options.nodeTimeoutMs,
      options.failFast ? (partial) => this.acquireDecided(partial) : undefined,
    );
    let acquired = 0;
    let fence = 0;
    let retryAfterMs = 0;
    for (const answer of answers) {
      if (!answer || !('value' in answer)) continue;
      const [ok, value] = answer.value;
      if (ok === 1) {
        acquired++;
        if (value > fence) fence = value;
      } else if (value > retryAfterMs) {
        retryAfterMs = value;
      }
    }
    const granted = { resource, token, nodes: acquired, lastFence: fence, fences, answers };
    const held = await this.held(granted, started, options.ttlMs, options);
    if (held) return { acquired: true, held };
    if (acquired > 0 || answers.some((answer) => !answer || 'error' in answer)) {
      // Partial acquisitions (and nodes that may have applied the SET before failing) are
      // released at once so that they do not block everyone until their expiry.
      this.release(resource, token).catch(() => undefined);
    }
    const failures = nodeFailures(this.nodes, answers);
    const quorumError =
      failures.length > this.nodes.length - this.quorum
        ? new LockQuorumError(resources, this.quorum, this.nodes.length, failures)
        : undefined;
    return { acquired: false, retryAfterMs, quorumError };
  }

  /**
   * Passes the key from `token` to `next.token` on every node, with a fresh PX and `fences`
   * fencing tokens reserved (see `Redlock.release`). Resolves with the lock when handed over on
   * a quorum; otherwise releases what was handed and resolves with `undefined` (the caller then
   * releases to everyone).
   */
  async handOff(
    resource: string,
    token: string,
    next: { readonly token: string; readonly ttlMs: number },
    fences: number,
  ): Promise<HeldResource | undefined> {
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const started = monotonicNow();
    const answers = await callNodes(
      this.nodes,
      (client) =>
        client.lockHandOff(
          key,
          fenceKey,
          token,
          next.token,
          next.ttlMs,
          this.defaults.fenceTtlMs,
          fences,
        ),
      this.defaults.nodeTimeoutMs,
    );
    let granted = 0;
    let fence = 0;
    for (const answer of answers) {
      if (answer && 'value' in answer && answer.value[0] === OWNED) {
        granted++;
        if (answer.value[1] > fence) fence = answer.value[1];
      }
    }
    if (granted === 0 && !answers.some((answer) => !answer || 'error' in answer)) return undefined;
    const handed = {
      resource,
      token: next.token,
      nodes: granted,
      lastFence: fence,
      fences,
      answers,
    };
    const held = await this.held(handed, started, next.ttlMs, this.defaults);
    if (held) return held;
    // Not handed over on a quorum: undo what was, and release to everyone instead.
    await this.release(resource, next.token).catch(() => undefined);
    return undefined;
  }

  /** One release on every node: deletes the key where this token owns it, wakes the waiters. */
  async release(resource: string, token: string): Promise<Release> {
    const key = lockKey(resource);
    const answers = await callNodes(
      this.nodes,
      (client) => client.lockRelease(key, token),
      this.defaults.nodeTimeoutMs,
    );
    let listeners = 0;
    const results = answers.map((answer) => {
      if (!answer || 'error' in answer) return answer;
      if (answer.value[1] > listeners) listeners = answer.value[1];
      return { value: answer.value[0] };
    });
    const counts = countOwnership(results);
    if (counts.owned >= this.quorum) return { outcome: 'released', listeners };
    this.throwIfQuorumUnreachable([resource], answers, counts.errors);
    const outcome = counts.notOwner > 0 && counts.owned === 0 ? 'not-owner' : 'expired';
    return { outcome, listeners };
  }

  /** Resets the PX of a held key on every node; valid again only if a quorum still had it. */
  async extend(resource: string, token: string, ttlMs: number): Promise<ExtendOutcome> {
    const key = lockKey(resource);
    const started = monotonicNow();
    const answers = await callNodes(
      this.nodes,
      (client) => client.lockExtend(key, token, ttlMs),
      this.defaults.nodeTimeoutMs,
    );
    const counts = countOwnership(answers);
    const validUntil = started + ttlMs - driftMs(this.defaults, ttlMs);
    if (counts.owned >= this.quorum && validUntil > monotonicNow()) {
      return { extended: true, validUntil };
    }
    this.throwIfQuorumUnreachable([resource], answers, counts.errors);
    return { extended: false, reason: counts.notOwner > 0 ? 'not-owner' : 'expired' };
  }

  /** Whether a quorum of nodes still holds the key with this token. */
  async owns(resource: string, token: string): Promise<boolean> {
    const key = lockKey(resource);
    const answers = await callNodes(
      this.nodes,
      (client) => client.get(key),
      this.defaults.nodeTimeoutMs,
    );
    let owned = 0;
    for (const answer of answers)
      if (answer && 'value' in answer && answer.value === token) owned++;
    return owned >= this.quorum;
  }

  /**
   * The lock as held by `token` when the nodes granted it: `undefined` short of a quorum, when
   * the fencing counter could not be carried to a quorum (N nodes), or when the validity, counted
   * from `started`, has already run out. Its fencing token is the first of the reserved block.
   */
  private async held(
    granted: Granted,
    started: number,
    ttlMs: number,
    options: Readonly<LockOptions>,
  ): Promise<HeldResource | undefined> {
    const { resource, token, lastFence, fences, answers } = granted;
    if (granted.nodes < this.quorum) return undefined;
    if (this.nodes.length > 1 && !(await this.carryFence(resource, token, lastFence, answers))) {
      return undefined;
    }
    const validUntil = started + ttlMs - driftMs(options, ttlMs);
    if (validUntil <= monotonicNow()) return undefined;
    return { resource, value: token, fence: lastFence - fences + 1, lastFence, validUntil };
  }

  /**
   * With several nodes the token is the largest counter of the quorum, and a later acquisition
   * must see at least that much on a node it shares with this quorum: so unless a quorum of
   * nodes already reported the maximum, the lower counters are raised before the lock counts
   * as taken. Lagging nodes are raised in the background either way, so counters converge.
   */
  private async carryFence(
    resource: string,
    token: string,
    fence: number,
    answers: readonly (NodeAnswer<[number, number]> | undefined)[],
  ): Promise<boolean> {
    let atMax = 0;
    const lagging: LockNode[] = [];
    answers.forEach((answer, index) => {
      if (!answer || !('value' in answer) || answer.value[0] !== 1) return;
      if (answer.value[1] === fence) atMax++;
      else lagging.push(this.nodes[index]);
    });
    if (lagging.length === 0) return true;
    const raising = callNodes(
      lagging,
      (client) =>
        client.lockRaiseFence(
          lockKey(resource),
          fenceKeyOf(resource),
          token,
          fence,
          this.defaults.fenceTtlMs,
        ),
      this.defaults.nodeTimeoutMs,
    );
    if (atMax >= this.quorum) {
      raising.catch(() => undefined);
      return true;
    }
    const raised = (await raising).filter(
      (answer) => answer && 'value' in answer && answer.value === 1,
    ).length;
    return atMax + raised >= this.quorum;
  }

  private acquireDecided(answers: readonly (NodeAnswer<[0 | 1, number]> | undefined)[]): boolean {
    let acquired = 0;
    let failed = 0;
    for (const answer of answers) {
      if (!answer) continue;
      if ('value' in answer && answer.value[0] === 1) acquired++;
      else failed++;
    }
    return acquired >= this.quorum || failed > this.nodes.length - this.quorum;
  }

  private throwIfQuorumUnreachable(
    resources: readonly string[],
    answers: readonly (NodeAnswer<unknown> | undefined)[],
    errors: number,
  ): void {
    if (errors > this.nodes.length - this.quorum) {
      throw new LockQuorumError(
        resources,
        this.quorum,
        this.nodes.length,
        nodeFailures(this.nodes, answers),
      );
    }
  }
}

function countOwnership(answers: readonly (NodeAnswer<OwnershipResult> | undefined)[]): {
  owned: number;
  notOwner: number;
  expired: number;
  errors: number;
} {
  const counts = { owned: 0, notOwner: 0, expired: 0, errors: 0 };
  for (const answer of answers) {
    if (!answer || 'error' in answer) counts.errors++;
    else if (answer.value === OWNED) counts.owned++;
    else if (answer.value === NOT_OWNER) counts.notOwner++;
    else if (answer.value === EXPIRED) counts.expired++;
  }
  return counts;
}
