import { FENCE_BLOCK } from './hand-off-policy.js';
import type { HeldResource } from './held-resource.js';
import {
  LockAbortedError,
  LockQuorumError,
  LockTakenError,
  LockTimeoutError,
} from './lock.errors.js';
import { BARE_SET, type Attempt, type LockNodes } from './lock-nodes.js';
import type { AcquireOutcome, LockObserver } from './lock-observer.js';
import { retryDelayMs, type LockOptions } from './lock-options.js';
import { monotonicNow } from './monotonic-clock.js';
import type { ReleaseEngine } from './release-engine.js';
import type { ResourceQueues } from './resource-queues.js';
import { Waiter, type WakeReason } from './waiter.js';

/** The spread of the heads' start after a release by another process (see `waitInLine`). */
const RACE_JITTER_MS = 2;

/** The state of one `lock()` call across its resources and attempts. */
class AcquireCall {
  readonly deadline: number;
  attempts = 0;
  contended = false;
  retryAfterMs = 0;
  lastQuorumError: LockQuorumError | undefined;

  constructor(
    readonly resources: readonly string[],
    readonly token: string,
    readonly options: Readonly<LockOptions>,
    readonly started: number,
    readonly signal: AbortSignal | undefined,
  ) {
    this.deadline = started + options.waitTimeoutMs;
  }

  /** The error of a call that ran out of time or tries: the last quorum error, if any. */
  timeout(): Error {
    return (
      this.lastQuorumError ?? new LockTimeoutError(this.resources, this.attempts, this.retryAfterMs)
    );
  }

  checkTriesLeft(): void {
    if (this.attempts >= this.options.tries) throw this.timeout();
  }
}

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
  async acquire(
    resources: readonly string[],
    options: Readonly<LockOptions>,
    wait: boolean,
    signal: AbortSignal | undefined,
  ): Promise<{ token: string; held: HeldResource[] }> {
    const call = new AcquireCall(resources, options.genValue(), options, monotonicNow(), signal);
    const held: HeldResource[] = [];
    try {
      signal?.throwIfAborted();
      for (const resource of resources) held.push(await this.acquireResource(resource, call, wait));
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
  ): Promise<HeldResource> {
    const queue = this.queues.get(resource);
    // Held in this process: an attempt would fail; wait in line for the release or hand-off
    // (trying once after subscribing if the channel is new, not to miss a release meanwhile).
    if (wait && this.queues.heldHere(resource)) {
      return this.waitInLine(resource, call, !queue?.listening);
    }
    let attemptAgain = true;
    // No local waiters ahead: try at once (a newcomer never overtakes a queued one), unless
    // this process is sitting out after a release to everyone.
    if (!wait || !queue || (queue.empty && queue.sitOutLeft(monotonicNow()) === 0)) {
      // Already subscribed and no release since this attempt: no need to try again on joining.
      const mark = queue?.releaseMark();
      // Without fencing the first attempt is a bare SET NX PX; it does not tell the holder's
      // PTTL, so a refused one is followed by an attempt with the script (which does).
      let attempt = await this.attempt(resource, call, call.options.fencing ? 1 : BARE_SET);
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
  private async attempt(resource: string, call: AcquireCall, fences: number): Promise<Attempt> {
    call.attempts++;
    const attempt = await this.nodes.acquire(
      resource,
      call.token,
      call.options,
      call.resources,
      fences,
    );
    if (!attempt.acquired) {
      call.retryAfterMs = attempt.retryAfterMs ?? 0;
      call.lastQuorumError = attempt.quorumError;
    }
    return attempt;
  }
}

/** A wait ended by the caller's signal is `LockAbortedError` (unless it timed out first). */
function failureOf(error: unknown, call: AcquireCall): unknown {
  if (
    call.signal?.aborted &&
    !(error instanceof LockTimeoutError || error instanceof LockQuorumError)
  ) {
    return new LockAbortedError(call.resources, call.signal.reason);
  }
  return error;
}

function outcomeOf(error: unknown): AcquireOutcome {
  if (error instanceof LockTakenError) return 'taken';
  if (error instanceof LockAbortedError) return 'aborted';
  if (error instanceof LockQuorumError) return 'quorum_error';
  return 'timeout';
}
