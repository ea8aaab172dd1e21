import type { Redis } from 'ioredis';
import {
  LockAbortedError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
} from './lock.errors.js';
import { lockKey } from './lock-keys.js';
import { LockNodes, type Attempt, type ExtendOutcome, type ReleaseOutcome } from './lock-nodes.js';
import { NOOP_LOCK_OBSERVER, type LockObserver } from './lock-observer.js';
import {
  DEFAULT_LOCK_OPTIONS,
  resolveLockOptions,
  retryDelayMs,
  type LockOptions,
} from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';
import { Mutex } from './mutex.js';
import { ReleaseNotifier } from './release-notifier.js';
import type { HeldResource } from './held-resource.js';
import { Waiter, WaitQueue, type WakeReason } from './waiter.js';

export type { ExtendOutcome, ReleaseOutcome } from './lock-nodes.js';

export type { HeldResource } from './held-resource.js';

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

export interface RedlockConfig {
  /** Defaults for every mutex of this Redlock. */
  defaults?: Partial<LockOptions>;
  observer?: LockObserver;
  /**
   * After a release that waiters of other processes heard, this process's waiters hold back
   * this long before trying for the lock again, so that a process on a hot CPU does not win
   * the race against the ones it just woke every time (default 5 ms).
   */
  sitOutMs?: number;
}

/**
 * Redlock over one or more independent Redis masters (quorum N/2+1). Creates `Mutex` handles;
 * owns the pub/sub connections that wake waiters, never the clients it is given.
 */
export class Redlock {
  readonly defaults: Readonly<LockOptions>;
  private readonly lockNodes: LockNodes;
  private readonly observer: LockObserver;
  private readonly sitOutMs: number;
  private readonly keyPrefix: string;
  private readonly queues = new Map<string, WaitQueue>();
  /** The latest holder of each resource in this process, until it releases. */
  private readonly holders = new Map<string, HeldResource>();
  private notifier: ReleaseNotifier | undefined;

  constructor(
    private readonly clients: readonly Redis[],
    config: RedlockConfig = {},
  ) {
    if (clients.length === 0) throw new RangeError('Redlock needs at least one Redis client');
    this.defaults = resolveLockOptions(DEFAULT_LOCK_OPTIONS, config.defaults ?? {});
    this.observer = config.observer ?? NOOP_LOCK_OBSERVER;
    this.sitOutMs = config.sitOutMs ?? DEFAULT_SIT_OUT_MS;
    if (!(this.sitOutMs >= 0)) throw new RangeError('Redlock sitOutMs must be >= 0');
    this.lockNodes = new LockNodes(clients, this.defaults);
    this.keyPrefix = clients[0].options.keyPrefix ?? '';
  }

  /** The number of nodes that must agree: N/2+1. */
  get quorum(): number {
    return this.lockNodes.quorum;
  }

  /** A handle for one resource, or several taken in sorted order (no deadlocks). */
  mutex(resources: string | readonly string[], options?: Partial<LockOptions>): Mutex {
    return new Mutex(this, resources, resolveLockOptions(this.defaults, options));
  }

  /** Closes the pub/sub connections (the clients given to the constructor stay open). */
  close(): void {
    for (const queue of this.queues.values()) clearTimeout(queue.lingerTimer);
    this.queues.clear();
    this.holders.clear();
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
      if (held.length > 1) await this.refreshEarlierResources(held, call);
      signal?.throwIfAborted();
      this.observer.acquire('acquired', (monotonicNow() - started) / 1000, call.contended);
      return { token: call.token, held };
    } catch (error) {
      if (held.length > 0) await Promise.allSettled(held.map((h) => this.release(h)));
      const failure = this.acquireFailure(error, call);
      this.observer.acquire(outcomeOf(failure), (monotonicNow() - started) / 1000, call.contended);
      throw failure;
    }
  }

  /**
   * Releases the lock: straight to the next waiter of this process when there is one (see
   * `handOff`), else on every node, deleting the key where this holder owns it and waking the
   * waiters of every process. `handOff: false` for a lock known to be lost.
   */
  async release(held: HeldResource, handOff = true): Promise<ReleaseOutcome> {
    if (this.holders.get(held.resource) === held) this.holders.delete(held.resource);
    const queue = this.queues.get(held.resource);
    if (handOff && queue && (await this.handOff(held, queue))) return 'released';
    if (queue) {
      queue.handOffsSince = undefined;
      queue.ownRelease = held.value;
    }
    const { outcome, listeners } = await this.lockNodes.release(held.resource, held.value);
    // Waiters of other processes heard this release (ours is one listener): this process has
    // just had the lock, and its waiters, woken at the same moment but on a hot CPU, would win
    // the race for it again and again. They sit out `sitOutMs` and let the others try first.
    if (queue && listeners > 1) queue.sitOutUntil = monotonicNow() + this.sitOutMs;
    return outcome;
  }

  /**
   * Passes the lock to the head of this process's queue for the resource, if it is asleep
   * waiting. Within the process when it can be (no round trip: the key stays as it is on the
   * nodes and the waiter takes the next fencing token reserved with it, if one is left and at
   * least half the waiter's TTL of validity is), else by the hand-off script (one round trip, a
   * fresh PX and fresh tokens). Hand-offs follow each other for at most `MAX_HAND_OFF_RUN_MS`:
   * then one release goes to everyone, so that waiters of other processes (woken only by a
   * release message) get their chance. (A cap in time, not in count: with short holds a long
   * run costs the others no more wait than a few long holds do, and every switch to another
   * process costs wake-ups and round trips.)
   */
  private async handOff(held: HeldResource, queue: WaitQueue): Promise<boolean> {
    const next = queue.head;
    const now = monotonicNow();
    if (!next?.sleeping || next.offer || next.deadline <= now) return false;
    if (queue.handOffsSince === undefined) queue.handOffsSince = now;
    else if (now - queue.handOffsSince >= MAX_HAND_OFF_RUN_MS) return false;
    if (held.fence < held.lastFence && held.validUntil - now >= next.ttlMs / 2) {
      const handed = this.holding({ ...held, fence: held.fence + 1 });
      next.offer = Promise.resolve(handed);
      next.wake('released');
      this.observer.handOff?.('in-process');
      return true;
    }
    let settle!: (handed: HeldResource | undefined) => void;
    next.offer = new Promise((resolve) => (settle = resolve));
    next.wake('released');
    let handed: HeldResource | undefined;
    try {
      handed = await this.lockNodes.handOff(held.resource, held.value, next, FENCE_BLOCK);
      if (handed) {
        this.holding(handed);
        this.observer.handOff?.('script');
      }
    } finally {
      settle(handed);
    }
    return handed !== undefined;
  }

  /** Resets the PX of a held key on every node; valid again only if a quorum still had it. */
  async extend(held: HeldResource, ttlMs: number): Promise<ExtendOutcome> {
    const outcome = await this.lockNodes.extend(held.resource, held.value, ttlMs);
    this.observer.extend(outcome.extended);
    return outcome;
  }

  /** Whether a quorum of nodes still holds the key with this holder's value. */
  owns(held: HeldResource): Promise<boolean> {
    return this.lockNodes.owns(held.resource, held.value);
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
    const queue = this.queues.get(resource);
    // Held in this process: an attempt would fail; wait in line for the release or hand-off
    // (trying once after subscribing if the channel is new, not to miss a release meanwhile).
    if (wait && this.heldHere(resource)) return this.waitInLine(resource, call, !queue?.ready);
    let attemptAgain = true;
    // No local waiters ahead: try at once (a new caller never overtakes a queued one), unless
    // this process is sitting out (see `release`).
    if (!wait || !queue || (queue.empty && !queue.sittingOut(monotonicNow()))) {
      // Already subscribed and no release since this attempt: no need to try again on joining.
      const releasesBefore = queue?.ready ? queue.releases : undefined;
      const attempt = await this.attempt(resource, call, 1);
      if (attempt.acquired) return this.holding(attempt.held);
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

  /** Whether a caller of this process holds the resource (by its validity, not asking Redis). */
  private heldHere(resource: string): boolean {
    const holder = this.holders.get(resource);
    if (!holder) return false;
    if (holder.validUntil > monotonicNow()) return true;
    this.holders.delete(resource); // expired without a release: a forgotten handle
    return false;
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
            return handed;
          }
        }
        let delay = Number.POSITIVE_INFINITY;
        if (queue.head === waiter && reason === 'turn') {
          // The lock is held (by the previous head, or as the last attempt found): its release
          // message will wake this waiter; the fallback never waits past the holder's PTTL.
          delay = retryDelayMs(call.options, call.attempts);
          if (call.retryAfterMs > 0) delay = Math.min(delay, call.retryAfterMs);
        } else if (queue.head === waiter && queue.sittingOut(monotonicNow())) {
          delay = queue.sitOutUntil - monotonicNow();
        } else if (queue.head === waiter && reason === 'released' && queue.takeForeignRelease()) {
          // Every process's head heard that release at once; Redis tells them in the same order
          // each time, which would let the same ones win. A random start spreads the wins.
          delay = Math.random() * RACE_JITTER_MS;
        } else if (queue.head === waiter) {
          // Others may queue behind: reserve tokens for in-process hand-offs.
          const attempt = await this.attempt(resource, call, FENCE_BLOCK);
          if (attempt.acquired) {
            acquired = true;
            return this.holding(attempt.held);
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
        const woken = waiter.sleep(Math.min(delay, remaining), call.signal);
        this.observer.sleeping?.(resource);
        reason = await woken;
      }
    } finally {
      this.leaveQueue(resource, queue, waiter, acquired);
      // Given up while a hand-off was in flight: pass on what it brings.
      const handed = acquired ? undefined : await waiter.offer;
      if (handed) await this.release(handed).catch(() => undefined);
    }
  }

  /** Earlier resources of a multi-resource lock aged while later ones were awaited. */
  private async refreshEarlierResources(held: HeldResource[], call: AcquireCall): Promise<void> {
    const threshold = monotonicNow() + call.options.ttlMs / 2;
    await Promise.all(
      held
        .filter((h) => h.validUntil < threshold)
        .map(async (h) => {
          const outcome = await this.extend(h, call.options.ttlMs);
          if (!outcome.extended) throw this.timeout(call);
          h.validUntil = outcome.validUntil;
        }),
    );
  }

  /** One attempt on all nodes, reserving `fences` fencing tokens; recorded in the call. */
  private async attempt(resource: string, call: AcquireCall, fences: number): Promise<Attempt> {
    call.attempts++;
    const attempt = await this.lockNodes.acquire(
      resource,
      call.token,
      call.options,
      call.resources,
      fences,
    );
    if (!attempt.acquired) {
      call.retryAfterMs = attempt.retryAfterMs;
      call.lastQuorumError = attempt.quorumError;
    }
    return attempt;
  }

  /** Records `held` as this process's holder of its resource (see `heldHere`). */
  private holding(held: HeldResource): HeldResource {
    this.holders.set(held.resource, held);
    return held;
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
}

/** See `Redlock.handOff`. */
const MAX_HAND_OFF_RUN_MS = 20;
/**
 * Fencing tokens reserved by an acquisition that may be handed on in-process: one for the
 * holder, 16 for hand-offs (more take a hand-off by script, which reserves a new block).
 */
const FENCE_BLOCK = 17;
/** A few wake-up latencies of a loaded machine: other processes' attempts reach the nodes first. */
const DEFAULT_SIT_OUT_MS = 5;
/** The spread of the heads' start after a release by another process (see `waitInLine`). */
const RACE_JITTER_MS = 2;
/** How long a release channel stays subscribed after its last local waiter left. */
const SUBSCRIPTION_LINGER_MS = 1000;

function outcomeOf(error: unknown): 'taken' | 'timeout' | 'aborted' | 'quorum_error' {
  if (error instanceof LockTakenError) return 'taken';
  if (error instanceof LockAbortedError) return 'aborted';
  if (error instanceof LockQuorumError) return 'quorum_error';
  return 'timeout';
}
