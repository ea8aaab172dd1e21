import { Cluster } from 'ioredis';
import { AcquisitionEngine } from './acquisition.js';
import type { LockBackend } from './lock-backend.js';
import { LockNodes } from './lock-nodes.js';
import { NOOP_LOCK_OBSERVER, type LockObserver } from './lock-observer.js';
import { DEFAULT_LOCK_OPTIONS, resolveLockOptions, type LockOptions } from './lock-options.js';
import { defineLockCommands, type RedisLike } from './lock-scripts.js';
import type { LockNode } from './lock-votes.js';
import { Mutex } from './mutex.js';
import { nodeName } from './redact.js';
import { ReleaseEngine } from './release-engine.js';
import { ReleaseNotifier } from './release-notifier.js';
import { ResourceQueues } from './resource-queues.js';

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
  /**
   * Send the lock commands that many calls of this process start at once, on one standalone
   * node, in a few shared socket writes (default true; Cluster clients are never corked). See
   * `coalesceWrites`.
   */
  coalesceWrites?: boolean;
}

/** A few wake-up latencies of a loaded machine: other processes' attempts reach the nodes first. */
const DEFAULT_SIT_OUT_MS = 5;

/** How many of the lock's nodes answer, and how many must. */
export interface LockQuorumHealth {
  reachable: number;
  nodes: number;
  quorum: number;
}

/**
 * Redlock over one or more independent Redis masters (quorum ⌊N/2⌋ + 1), or one Redis Cluster.
 * Creates `Mutex` handles; owns the pub/sub connections that wake waiters, never the clients it
 * is given. The work is done by an `AcquisitionEngine` and a `ReleaseEngine` over the nodes
 * and this process's `ResourceQueues` (`docs/lock.md`, "How it works").
 */
export class Redlock {
  readonly defaults: Readonly<LockOptions>;
  private readonly nodes: LockNodes;
  private readonly queues: ResourceQueues;
  private readonly backend: LockBackend;

  constructor(clients: readonly RedisLike[], config: RedlockConfig = {}) {
    if (clients.length === 0) throw new RangeError('Redlock needs at least one Redis client');
    this.defaults = resolveLockOptions(DEFAULT_LOCK_OPTIONS, config.defaults ?? {});
    const observer = config.observer ?? NOOP_LOCK_OBSERVER;
    const sitOutMs = config.sitOutMs ?? DEFAULT_SIT_OUT_MS;
    if (!(sitOutMs >= 0)) throw new RangeError('Redlock sitOutMs must be >= 0');
    const coalesce = config.coalesceWrites ?? true;
    this.nodes = new LockNodes(
      clients.map((client): LockNode => ({
        name: nodeName(client),
        client: defineLockCommands(client),
        coalesceWrites: coalesce && !(client instanceof Cluster),
      })),
    );
    const subscribeTimeoutMs = this.defaults.nodeTimeoutMs;
    this.queues = new ResourceQueues(
      keyPrefixOf(clients[0]),
      () => new ReleaseNotifier(clients.map(subscriberOf), subscribeTimeoutMs),
    );
    const releases = new ReleaseEngine(this.nodes, this.queues, observer, sitOutMs);
    const acquisitions = new AcquisitionEngine(this.nodes, this.queues, releases, observer);
    this.backend = {
      acquire: (resources, options, wait, signal) =>
        acquisitions.acquire(resources, options, wait, signal),
      release: (held, options, handOff) => releases.release(held, options, handOff),
      extend: (held, ttlMs, options) => releases.extend(held, ttlMs, options),
      owns: (held, options) => this.nodes.owns(held.resource, held.value, options),
      lost: (reason) => observer.lost(reason),
    };
  }

  /** The number of nodes that must agree: ⌊N/2⌋ + 1. */
  get quorum(): number {
    return this.nodes.quorum;
  }

  /** A handle for one resource, or several taken in sorted order (no deadlocks). */
  mutex(resources: string | readonly string[], options?: Partial<LockOptions>): Mutex {
    return new Mutex(this.backend, resources, resolveLockOptions(this.defaults, options));
  }

  /** PINGs every node: how many answer within `timeoutMs` (for a health check). */
  async health(timeoutMs = this.defaults.nodeTimeoutMs): Promise<LockQuorumHealth> {
    const reachable = await this.nodes.reachable(timeoutMs);
    return { reachable, nodes: this.nodes.nodes.length, quorum: this.nodes.quorum };
  }

  /** Closes the pub/sub connections (the clients given to the constructor stay open). */
  close(): void {
    this.queues.close();
  }
}

/** A connection of its own for pub/sub, which waits for the node rather than failing at once. */
function subscriberOf(client: RedisLike): RedisLike {
  const options = { enableOfflineQueue: true, lazyConnect: false, maxRetriesPerRequest: null };
  if (client instanceof Cluster) return client.duplicate(undefined, options);
  return client.duplicate(options);
}

function keyPrefixOf(client: RedisLike): string {
  return (client.options as { keyPrefix?: string }).keyPrefix ?? '';
}
