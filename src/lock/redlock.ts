import type { Redis } from 'ioredis';
import {
  LockAbortedError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
} from './lock.errors.js';
import { NOOP_LOCK_OBSERVER, type LockObserver } from './lock-observer.js';
import {
  DEFAULT_LOCK_OPTIONS,
  driftMs,
  resolveLockOptions,
  retryDelayMs,
  type LockOptions,
} from './lock-options.js';
import {
  defineLockCommands,
  EXPIRED,
  NOT_OWNER,
  OWNED,
  type OwnershipResult,
} from './lock-scripts.js';
import { Mutex } from './mutex.js';
import { callNodes, nodeFailures, type LockNode, type NodeAnswer } from './node-calls.js';
import { ReleaseNotifier } from './release-notifier.js';
import { monotonicNow } from './monotonic-clock.js';
import { Waiter, WaitQueue, type HandedLock, type WakeReason } from './waiter.js';

/** One resource held by one token. */
export interface HeldResource {
  readonly resource: string;
  /** The fencing token of this acquisition: greater than every earlier one for the resource. */
  readonly fence: number;
  /** Monotonic-clock time (ms) until which the lock is safe to rely on. */
  validUntil: number;
}

/** The result of one attempt on one resource. */
type Attempt =
  | { acquired: true; fence: number; validUntil: number }
  | { acquired: false; retryAfterMs: number; quorumError: LockQuorumError | undefined };

/** The state of one `lock()` call across its resources and attempts. */
interface AcquireCall {
  readonly resources: readonly string[];
  readonly token: string;
  readonly options: Readonly<LockOptions>;
  readonly deadline: number;
  readonly signal: AbortSignal | undefined;
  attempts: number;
  contended: boolean;
  retryAfterMs: number;
  lastQuorumError: LockQuorumError | undefined;
}

export type ReleaseOutcome = 'released' | 'expired' | 'not-owner';
export type ExtendOutcome =
  { extended: true; validUntil: number } | { extended: false; reason: 'expired' | 'not-owner' };

export interface RedlockConfig {
  /** Defaults for every mutex of this Redlock. */
  defaults?: Partial<LockOptions>;
  observer?: LockObserver;
}

/**
 * Redlock over one or more independent Redis masters (quorum N/2+1). Creates `Mutex` handles;
 * owns the pub/sub connections that wake waiters, never the clients it is given.
 */
export class Redlock {
  readonly defaults: Readonly<LockOptions>;
  readonly quorum: number;
  private readonly nodes: readonly LockNode[];
  private readonly observer: LockObserver;
  private readonly keyPrefix: string;
  private readonly queues = new Map<string, WaitQueue>();
  private notifier: ReleaseNotifier | undefined;

  constructor(
    private readonly clients: readonly Redis[],
    config: RedlockConfig = {},
  ) {
    if (clients.length === 0) throw new RangeError('Redlock needs at least one Redis client');
    this.defaults = resolveLockOptions(DEFAULT_LOCK_OPTIONS, config.defaults ?? {});
    this.observer = config.observer ?? NOOP_LOCK_OBSERVER;
    this.quorum = Math.floor(clients.length / 2) + 1;
    this.nodes = clients.map((client) => ({
      name: `${client.options.host ?? '?'}:${client.options.port ?? '?'}`,
      client: defineLockCommands(client),
    }));
    this.keyPrefix = clients[0].options.keyPrefix ?? '';
  }

  /** A handle for one resource, or several taken in sorted order (no deadlocks). */
  mutex(resources: string | readonly string[], options?: Partial<LockOptions>): Mutex {
    return new Mutex(this, resources, resolveLockOptions(this.defaults, options));
  }

  /** Closes the pub/sub connections (the clients given to the constructor stay open). */
  close(): void {
    for (const queue of this.queues.values()) clearTimeout(queue.lingerTimer);
    this.queues.clear();
    this.notifier?.close();
    this.notifier = undefined;
  }

  /** Acquires every resource in order, waiting for each; on failure nothing stays held. */
  async acquire(
    resources: readonly string[],
    options: Readonly<LockOptions>,
    wait: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; held: HeldResource[] }> {
    const started = monotonicNow();
    const call: AcquireCall = {
      resources,
      token: options.genValue(),
      options,
      deadline: started + options.waitTimeoutMs,
      signal,
      attempts: 0,
      contended: false,
      retryAfterMs: 0,
      lastQuorumError: undefined,
    };
    const held: HeldResource[] = [];
    try {
      signal?.throwIfAborted();
      for (const resource of resources) {
        held.push(await this.acquireResource(resource, call, wait));
      }
      await this.refreshEarlierResources(held, call);
      signal?.throwIfAborted();
      this.observer.acquire('acquired', (monotonicNow() - started) / 1000, call.contended);
      return { token: call.token, held };
    } catch (error) {
      if (held.length > 0)
        await Promise.allSettled(held.map((h) => this.release(h.resource, call.token)));
      const failure = this.acquireFailure(error, call);
      this.observer.acquire(outcomeOf(failure), (monotonicNow() - started) / 1000, call.contended);
      throw failure;
    }
  }

  /**
   * Releases the lock: straight to the next waiter of this process when there is one (one round
   * trip, no wake-up hop), else on every node, deleting the key where this token owns it and
   * waking the waiters of every process.
   */
  async release(resource: string, token: string): Promise<ReleaseOutcome> {
    if (await this.handOff(resource, token)) return 'released';
    const key = lockKey(resource);
    const answers = await callNodes(
      this.nodes,
      (client) => client.lockRelease(key, token),
      this.defaults.nodeTimeoutMs,
    );
    const counts = countOwnership(answers);
    if (counts.owned >= this.quorum) return 'released';
    this.throwIfQuorumUnreachable([resource], answers, counts.errors);
    return counts.notOwner > 0 && counts.owned === 0 ? 'not-owner' : 'expired';
  }

  /**
   * Passes the lock to the head of this process's queue for the resource, if it is asleep
   * waiting. At most `MAX_CONSECUTIVE_HAND_OFFS` in a row: then one release goes to everyone,
   * so that waiters of other processes (woken only by a release message) get their chance.
   */
  private async handOff(resource: string, token: string): Promise<boolean> {
    const queue = this.queues.get(resource);
    const next = queue?.head;
    if (!queue || !next?.sleeping || next.offer || next.deadline <= monotonicNow()) return false;
    if (queue.handOffs >= MAX_CONSECUTIVE_HAND_OFFS) {
      queue.handOffs = 0;
      return false;
    }
    queue.handOffs++;
    let settle!: (handed: HandedLock | undefined) => void;
    next.offer = new Promise((resolve) => (settle = resolve));
    next.wake('released');
    let handed: HandedLock | undefined;
    try {
      handed = await this.transfer(resource, token, next);
    } finally {
      settle(handed);
    }
    return handed !== undefined;
  }

  private async transfer(
    resource: string,
    token: string,
    next: Waiter,
  ): Promise<HandedLock | undefined> {
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const started = monotonicNow();
    const answers = await callNodes(
      this.nodes,
      (client) =>
        client.lockHandOff(key, fenceKey, token, next.token, next.ttlMs, this.defaults.fenceTtlMs),
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
    if (
      granted >= this.quorum &&
      (this.nodes.length === 1 || (await this.carryFence(resource, next.token, fence, answers)))
    ) {
      const validUntil = started + next.ttlMs - driftMs(this.defaults, next.ttlMs);
      if (validUntil > monotonicNow()) return { fence, validUntil };
    }
    // Not handed over on a quorum: undo what was, and release to everyone instead.
    await this.release(resource, next.token).catch(() => undefined);
    return undefined;
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
      this.observer.extend(true);
      return { extended: true, validUntil };
    }
    this.observer.extend(false);
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

  /** Reports a lost lock to the observer (metrics). */
  reportLost(reason: string): void {
    this.observer.lost(reason);
  }

  private async acquireResource(
    resource: string,
    call: AcquireCall,
    wait: boolean,
  ): Promise<HeldResource> {
    let attemptAgain = true;
    // No local waiters ahead: try at once (a new caller never overtakes a queued one).
    const queue = this.queues.get(resource);
    if (!wait || !queue || queue.empty) {
      // Already subscribed and no release since this attempt: no need to try again on joining.
      const releasesBefore = queue?.ready ? queue.releases : undefined;
      const attempt = await this.attempt(resource, call);
      if (attempt.acquired)
        return { resource, fence: attempt.fence, validUntil: attempt.validUntil };
      if (!wait) {
        throw attempt.quorumError ?? new LockTakenError(call.resources, attempt.retryAfterMs);
      }
      this.checkTriesLeft(call);
      attemptAgain =
        attempt.quorumError !== undefined ||
        releasesBefore === undefined ||
        queue?.releases !== releasesBefore;
    }
    return this.waitInLine(resource, call, attemptAgain);
  }

  private async waitInLine(
    resource: string,
    call: AcquireCall,
    attemptAgain: boolean,
  ): Promise<HeldResource> {
    call.contended = true;
    const waiter = new Waiter(call.token, call.options.ttlMs, call.deadline);
    const queue = this.joinQueue(resource, waiter);
    let acquired = false;
    try {
      await queue.subscribed;
      let reason: WakeReason = attemptAgain ? 'released' : 'turn';
      for (;;) {
        if (waiter.offer) {
          const handed = await waiter.offer;
          waiter.offer = undefined;
          if (handed) {
            acquired = true;
            return { resource, ...handed };
          }
        }
        let delay = Number.POSITIVE_INFINITY;
        if (queue.head === waiter && reason === 'turn') {
          // The lock is held (by the previous head, or as the last attempt found): its release
          // message will wake this waiter; the fallback never waits past the holder's PTTL.
          delay = retryDelayMs(call.options, call.attempts);
          if (call.retryAfterMs > 0) delay = Math.min(delay, call.retryAfterMs);
        } else if (queue.head === waiter) {
          const attempt = await this.attempt(resource, call);
          if (attempt.acquired) {
            acquired = true;
            return { resource, fence: attempt.fence, validUntil: attempt.validUntil };
          }
          this.checkTriesLeft(call);
          delay = retryDelayMs(call.options, call.attempts);
          // The holder's key expires by itself after its PTTL: no need to wait longer than that.
          if (!attempt.quorumError && attempt.retryAfterMs > 0) {
            delay = Math.min(delay, attempt.retryAfterMs);
          }
        }
        const remaining = call.deadline - monotonicNow();
        if (remaining <= 0) throw this.timeout(call);
        reason = await waiter.sleep(Math.min(delay, remaining), call.signal);
      }
    } finally {
      this.leaveQueue(resource, queue, waiter, acquired);
      // Given up while a hand-off was in flight: pass on what it brings.
      if (!acquired && waiter.offer) {
        if (await waiter.offer) await this.release(resource, call.token).catch(() => undefined);
      }
    }
  }

  /** One attempt on all nodes: SET NX PX + fencing token, quorum, validity, cleanup on failure. */
  private async attempt(resource: string, call: AcquireCall): Promise<Attempt> {
    call.attempts++;
    const { options, token } = call;
    const key = lockKey(resource);
    const fenceKey = fenceKeyOf(resource);
    const started = monotonicNow();
    const answers = await callNodes(
      this.nodes,
      (client) => client.lockAcquire(key, fenceKey, token, options.ttlMs, options.fenceTtlMs),
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
    if (
      acquired >= this.quorum &&
      (this.nodes.length === 1 || (await this.carryFence(resource, token, fence, answers)))
    ) {
      const validUntil = started + options.ttlMs - driftMs(options, options.ttlMs);
      if (validUntil > monotonicNow()) return { acquired: true, fence, validUntil };
    }
    if (acquired > 0 || answers.some((answer) => !answer || 'error' in answer)) {
      // Partial acquisitions (and nodes that may have applied the SET before failing) are
      // released at once so that they do not block everyone until their expiry.
      this.release(resource, token).catch(() => undefined);
    }
    const failures = nodeFailures(this.nodes, answers);
    const quorumError =
      failures.length > this.nodes.length - this.quorum
        ? new LockQuorumError(call.resources, this.quorum, this.nodes.length, failures)
        : undefined;
    call.retryAfterMs = retryAfterMs;
    call.lastQuorumError = quorumError;
    return { acquired: false, retryAfterMs, quorumError };
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

  /** Earlier resources of a multi-resource lock aged while later ones were awaited. */
  private async refreshEarlierResources(held: HeldResource[], call: AcquireCall): Promise<void> {
    if (held.length < 2) return;
    const threshold = monotonicNow() + call.options.ttlMs / 2;
    await Promise.all(
      held
        .filter((h) => h.validUntil < threshold)
        .map(async (h) => {
          const outcome = await this.extend(h.resource, call.token, call.options.ttlMs);
          if (!outcome.extended) throw this.timeout(call);
          h.validUntil = outcome.validUntil;
        }),
    );
  }

  private joinQueue(resource: string, waiter: Waiter): WaitQueue {
    let queue = this.queues.get(resource);
    if (!queue) {
      const channel = this.keyPrefix + lockKey(resource);
      queue = new WaitQueue((onRelease) => this.releaseNotifier().subscribe(channel, onRelease));
      this.queues.set(resource, queue);
    }
    clearTimeout(queue.lingerTimer);
    queue.join(waiter);
    return queue;
  }

  private leaveQueue(resource: string, queue: WaitQueue, waiter: Waiter, acquired: boolean): void {
    queue.leave(waiter, acquired);
    if (!queue.empty) return;
    // Stay subscribed a little while: a hot resource would otherwise pay SUBSCRIBE and
    // UNSUBSCRIBE round trips every time its queue drains for a moment.
    clearTimeout(queue.lingerTimer);
    queue.lingerTimer = setTimeout(() => {
      if (!queue.empty || this.queues.get(resource) !== queue) return;
      this.queues.delete(resource);
      this.notifier?.unsubscribe(this.keyPrefix + lockKey(resource));
    }, SUBSCRIPTION_LINGER_MS).unref();
  }

  private releaseNotifier(): ReleaseNotifier {
    this.notifier ??= new ReleaseNotifier(
      this.clients.map((client) =>
        client.duplicate({
          enableOfflineQueue: true,
          lazyConnect: false,
          maxRetriesPerRequest: null,
        }),
      ),
      this.defaults.nodeTimeoutMs,
    );
    return this.notifier;
  }

  private checkTriesLeft(call: AcquireCall): void {
    if (call.attempts >= call.options.tries) throw this.timeout(call);
  }

  private timeout(call: AcquireCall): Error {
    return (
      call.lastQuorumError ?? new LockTimeoutError(call.resources, call.attempts, call.retryAfterMs)
    );
  }

  private acquireFailure(error: unknown, call: AcquireCall): unknown {
    if (
      call.signal?.aborted &&
      !(error instanceof LockTimeoutError || error instanceof LockQuorumError)
    ) {
      return new LockAbortedError(call.resources, call.signal.reason);
    }
    return error;
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

/** See `Redlock.handOff`. */
const MAX_CONSECUTIVE_HAND_OFFS = 16;
/** How long a release channel stays subscribed after its last local waiter left. */
const SUBSCRIPTION_LINGER_MS = 1000;

export function lockKey(resource: string): string {
  return `lock:{${resource}}`;
}

export function fenceKeyOf(resource: string): string {
  return `lock:{${resource}}:fence`;
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

function outcomeOf(error: unknown): 'taken' | 'timeout' | 'aborted' | 'quorum_error' {
  if (error instanceof LockTakenError) return 'taken';
  if (error instanceof LockAbortedError) return 'aborted';
  if (error instanceof LockQuorumError) return 'quorum_error';
  return 'timeout';
}
