import { randomUUID } from 'node:crypto';

/** How a lock is taken, held and extended. Every field has a default (`DEFAULT_LOCK_OPTIONS`). */
export interface LockOptions {
  /** Expiry of the keys (PX), and the validity a fresh acquisition starts from. */
  ttlMs: number;
  /** How long `lock()` waits in all before it gives up with `LockTimeoutError`. */
  waitTimeoutMs: number;
  /** Acquisition attempts `lock()` makes at most (attempts woken by a release count too). */
  tries: number;
  /**
   * The fallback wait between attempts when no release message arrives (waiters are normally
   * woken by pub/sub at once). Also bounded by the holder's remaining PTTL.
   */
  retryDelayMs: number;
  /** Random extra delay, 0..retryJitterMs, added to `retryDelayMs`. */
  retryJitterMs: number;
  /** Replaces `retryDelayMs` + jitter: the fallback wait before attempt `attempt` (1-based). */
  retryDelay: ((attempt: number) => number) | undefined;
  /** Clock drift allowance, as a fraction of the TTL (plus 2 ms), subtracted from validity. */
  driftFactor: number;
  /** A node that has not answered within this many ms counts as failed for the attempt. */
  nodeTimeoutMs: number;
  /** Decide an attempt as soon as a quorum is reached or has become impossible. */
  failFast: boolean;
  /** The random token that identifies one acquisition. */
  genValue: () => string;
  /** `using()` extends when this much validity is left (default: a third of the TTL). */
  extendBeforeExpiryMs: number | undefined;
  /** `using()` extends at most this many times; then the lock runs out and `fn` is aborted. */
  maxExtensions: number;
  /**
   * The fencing counter expires after this long without an acquisition, so that locks on
   * resources used once leave nothing behind; tokens still grow across an expiry as long as the
   * nodes' clocks differ by less than this (`docs/lock.md`, "A counter lost").
   */
  fenceTtlMs: number;
  /**
   * Take a fencing token with each acquisition (`mutex.fence`), for holders that make fenced
   * writes. Off by default: an uncontended acquisition is then a bare `SET NX PX`, and reading
   * `mutex.fence` is a `LockUsageError` (`docs/lock.md`, "Fencing tokens").
   */
  fencing: boolean;
}

export const DEFAULT_LOCK_OPTIONS: Readonly<LockOptions> = {
  ttlMs: 10_000,
  waitTimeoutMs: 10_000,
  tries: Number.POSITIVE_INFINITY,
  retryDelayMs: 200,
  retryJitterMs: 100,
  retryDelay: undefined,
  driftFactor: 0.01,
  nodeTimeoutMs: 500,
  failFast: true,
  genValue: randomUUID,
  extendBeforeExpiryMs: undefined,
  maxExtensions: Number.POSITIVE_INFINITY,
  fenceTtlMs: 60_000,
  fencing: false,
};

export function resolveLockOptions(
  base: Readonly<LockOptions>,
  overrides: Partial<LockOptions> | undefined,
): Readonly<LockOptions> {
  if (!overrides) return base;
  const options = { ...base };
  for (const [name, value] of Object.entries(overrides)) {
    if (value !== undefined) (options as Record<string, unknown>)[name] = value;
  }
  validate(options);
  return options;
}

function validate(options: LockOptions): void {
  const positive = ['ttlMs', 'tries', 'nodeTimeoutMs', 'fenceTtlMs'] as const;
  for (const name of positive) {
    if (!(options[name] > 0)) throw new RangeError(`lock option ${name} must be > 0`);
  }
  const nonNegative = ['waitTimeoutMs', 'retryDelayMs', 'retryJitterMs', 'maxExtensions'] as const;
  for (const name of nonNegative) {
    if (!(options[name] >= 0)) throw new RangeError(`lock option ${name} must be >= 0`);
  }
  if (!(options.driftFactor >= 0 && options.driftFactor < 0.5)) {
    throw new RangeError('lock option driftFactor must be in [0, 0.5)');
  }
}

/** The drift subtracted from validity: driftFactor × TTL + 2 ms for the Redis expiry resolution. */
export function driftMs(options: Pick<LockOptions, 'driftFactor'>, ttlMs: number): number {
  return Math.round(ttlMs * options.driftFactor) + 2;
}

/** The fallback wait before attempt `attempt`. */
export function retryDelayMs(options: Readonly<LockOptions>, attempt: number): number {
  if (options.retryDelay) return Math.max(0, options.retryDelay(attempt));
  return options.retryDelayMs + Math.floor(Math.random() * (options.retryJitterMs + 1));
}
