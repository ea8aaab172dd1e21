import { FENCE_BLOCK } from './hand-off-policy.js';
import type { HeldResource } from './held-resource.js';
import { AcquireCall, failureOf, outcomeOf } from './acquire-call.js';
import { LockTakenError } from './lock.errors.js';
import { BARE_SET, type Attempt, type LockNodes } from './lock-nodes.js';
import type { AcquireOutcome, LockObserver } from './lock-observer.js';
import { retryDelayMs, type LockOptions } from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';
import type { ReleaseEngine } from './release-engine.js';
import type { ResourceQueues } from './resource-queues.js';
import { Waiter, type WakeReason } from './waiter.js';

/** The spread of the heads' start after a release by another process (see `waitInLine`). */
const RACE_JITTER_MS = 2;

/**
 * Takes locks: one attempt straight away when nobody of this process is ahead, else in line in
 * the resource's `WaitQueue` (`docs/lock.md`, "Waiting without polling"). On failure nothing
 * stays held.
 */
export class AcquisitionEngine {
  constructor(
    private readonly nodes: LockNodes,
    private readonly queues: ResourceQueues,
    private readonly releases: ReleaseEngine,
    private readonly observer: LockObserver,
  ) {}

  /** Acquires every resource in order (sorted by the caller), waiting for each if `wait`. */
  acquire(
    resources: readonly string[],
    options: Readonly<LockOptions>,
    wait: boolean,
    signal: AbortSignal | undefined,
  ): Promise<Acquired> {
    const started = monotonicNow();
    const call = new AcquireCall(resources, options.genValue(), options, started, signal);
    const [resource] = resources;
    // The common case, one resource that nobody of this process holds or waits for: one
    // attempt and no async layers (an uncontended acquisition is counted in µs), its validity
    // counted from the call's start.
    if (resources.length === 1 && !signal && !this.queues.get(resource)) {
      if (!this.queues.heldHere(resource)) {
        call.attempts++;
        const fences = firstFences(options);
        return this.nodes.acquire(resource, call.token, options, resources, fences, started).then(
          (attempt) => {
            if (!attempt.acquired) return this.acquireAll(call, wait, recorded(call, attempt));
            this.queues.holding(attempt.held);
            this.observe('acquired', call);
            return { token: call.token, held: [attempt.held] };
          },
          (error: unknown) => {
            this.observe(outcomeOf(error), call);
            throw error;
          },
        );
      }
    }
    return this.acquireAll(call, wait, undefined);
  }

  /** The general path; `first`: the first resource's first attempt, already made and failed. */
  private async acquireAll(
    call: AcquireCall,
    wait: boolean,
    first: Attempt | undefined,
  ): Promise<Acquired> {
    const { resources, options, signal } = call;
    const held: HeldResource[] = [];
    try {
      signal?.throwIfAborted();
      for (const resource of resources) {
        held.push(
          await this.acquireResource(resource, call, wait, held.length ? undefined : first),
        );
      }
      if (held.length > 1) await this.refreshEarlier(held, call);
      signal?.throwIfAborted();
      this.observe('acquired', call);
      return { token: call.token, held };
    } catch (error) {
      if (held.length > 0) {
        await Promise.allSettled(held.map((h) => this.releases.release(h, options)));
      }
      const failure = failureOf(error, call);
      this.observe(outcomeOf(failure), call);
      throw failure;
    }
  }

  private observe(outcome: AcquireOutcome, call: AcquireCall): void {
    this.observer.acquire(outcome, (monotonicNow() - call.started) / 1000, call.contended);
  }

  private async acquireResource(
    resource: string,
    call: AcquireCall,
    wait: boolean,
    first: Attempt | undefined,
  ): Promise<HeldResource> {
    // A first attempt made on the fast path found no queue: as if there were none.
    const queue = first ? undefined : this.queues.get(resource);
    // Held in this process: an attempt would fail; wait in line for the release or hand-off
    // (trying once after subscribing if the channel is new, not to miss a release meanwhile).
    if (!first && wait && this.queues.heldHere(resource)) {
      return this.waitInLine(resource, call, !queue?.listening);
    }
    let attemptAgain = true;
    // No local waiters ahead: try at once (a newcomer never overtakes a queued one), unless
    // this process is sitting out after a release to everyone.
    if (!wait || !queue || (queue.empty && queue.sitOutLeft(monotonicNow()) === 0)) {
      // Already subscribed and no release since this attempt: no need to try again on joining.
      const mark = queue?.releaseMark();
      let attempt = first ?? (await this.attempt(resource, call, firstFences(call.options)));
      if (
        !wait &&
        !attempt.acquired &&
        attempt.retryAfterMs === undefined &&
        !attempt.quorumError
      ) {
        attempt = await this.attempt(resource, call, 0);
      }
      if (attempt.acquired) return this.queues.holding(attempt.held);
      if (!wait) {
        throw attempt.quorumError ?? new LockTakenError(call.resources, attempt.retryAfterMs ?? 0);
      }
      call.checkTriesLeft();
      attemptAgain =
        attempt.quorumError !== undefined ||
        attempt.retryAfterMs === undefined ||
        queue === undefined ||
        queue.releasedSince(mark);
    }
    return this.waitInLine(resource, call, attemptAgain);
  }

  private async waitInLine(
    resource: string,
    call: AcquireCall,
    attemptAgain: boolean,
  ): Promise<HeldResource> {
    call.contended = true;
    const waiter = new Waiter(call.token, call.options, call.deadline);
    const queue = this.queues.open(resource);
    queue.join(waiter);
    let acquired = false;
    try {
      await queue.subscribed;
      let reason: WakeReason = attemptAgain ? 'released' : 'turn';
      for (;;) {
        const offer = waiter.takeOffer();
        const handed = offer && (await offer);
        if (handed) {
          acquired = true;
          return handed;
        }
        const head = queue.head === waiter;
        let delay = Number.POSITIVE_INFINITY;
        const sitOut = head ? queue.sitOutLeft(monotonicNow()) : 0;
        if (head && reason === 'turn') {
          // The lock is held (by the previous head, or as the last attempt found): its release
          // message will wake this waiter; the fallback never waits past the holder's PTTL.
          delay = retryDelayMs(call.options, call.attempts);
          if (call.retryAfterMs > 0) delay = Math.min(delay, call.retryAfterMs);
        } else if (sitOut > 0) {
          delay = sitOut;
        } else if (head && reason === 'released' && queue.takeForeignRelease()) {
          // Every process's head heard that release at once; Redis tells them in the same order
          // each time, which would let the same ones win. A random start spreads the wins.
          delay = Math.random() * RACE_JITTER_MS;
        } else if (head) {
          // Others may queue behind: reserve tokens for in-process hand-offs.
          const attempt = await this.attempt(
            resource,
            call,
            call.options.fencing ? FENCE_BLOCK : 0,
          );
          if (attempt.acquired) {
            acquired = true;
            return this.queues.holding(attempt.held);
          }
          call.checkTriesLeft();
          delay = retryDelayMs(call.options, call.attempts);
          // The holder's key expires by itself after its PTTL: no need to wait longer than that.
          if (!attempt.quorumError && attempt.retryAfterMs) {
            delay = Math.min(delay, attempt.retryAfterMs);
          }
        }
        const remaining = call.deadline - monotonicNow();
        if (remaining <= 0) throw call.timeout();
        const woken = waiter.sleep(Math.min(delay, remaining), call.signal);
        this.observer.sleeping?.(resource);
        reason = await woken;
      }
    } finally {
      queue.leave(waiter, acquired);
      // Given up while a hand-off was in flight: pass on what it brings.
      const handed = acquired ? undefined : await waiter.takeOffer();
      if (handed) await this.releases.release(handed, call.options).catch(() => undefined);
    }
  }

  /** Earlier resources of a multi-resource lock aged while later ones were awaited. */
  private async refreshEarlier(held: HeldResource[], call: AcquireCall): Promise<void> {
    const { ttlMs } = call.options;
    const threshold = monotonicNow() + ttlMs / 2;
    await Promise.all(
      held
        .filter((h) => h.validUntil < threshold)
        .map(async (h) => {
          const outcome = await this.releases.extend(h, ttlMs, call.options);
          if (!outcome.extended) throw call.timeout();
          h.validUntil = outcome.validUntil;
        }),
    );
  }

  /** One attempt on all nodes, reserving `fences` fencing tokens; recorded in the call. */
  private attempt(resource: string, call: AcquireCall, fences: number): Promise<Attempt> {
    call.attempts++;
    return this.nodes
      .acquire(resource, call.token, call.options, call.resources, fences)
      .then((attempt) => recorded(call, attempt));
  }
}

/** `attempt`, its refusal recorded in the call. */
function recorded(call: AcquireCall, attempt: Attempt): Attempt {
  if (!attempt.acquired) {
    call.retryAfterMs = attempt.retryAfterMs ?? 0;
    call.lastQuorumError = attempt.quorumError;
  }
  return attempt;
}

/** What `acquire` resolves with: the acquisition's token and each resource as held. */
export interface Acquired {
  token: string;
  held: HeldResource[];
}

/**
 * The first attempt of a call: without fencing a bare SET NX PX (it does not tell the holder's
 * PTTL, so a refused one is followed by an attempt with the script, which does).
 */
function firstFences(options: Readonly<LockOptions>): number {
  return options.fencing ? 1 : BARE_SET;
}
