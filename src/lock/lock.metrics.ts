import { Counter, Histogram, type Registry } from 'prom-client';
import type { AcquireOutcome, HandOffKind, LockObserver } from './lock-observer.js';

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The lock's Prometheus metrics on the app's registry (names of the API contract first). */
export function lockMetrics(registry: Registry): LockObserver {
  const registers = [registry];
  const acquireSeconds = metric(
    registry,
    'lock_acquire_seconds',
    () =>
      new Histogram({
        name: 'lock_acquire_seconds',
        help: 'Time to acquire a distributed lock (or give up), waiting included',
        buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
        registers,
      }),
  );
  const acquireTotal = metric(
    registry,
    'lock_acquire_total',
    () =>
      new Counter({
        name: 'lock_acquire_total',
        help: 'Lock acquisitions by outcome: acquired, taken, timeout, aborted, quorum_error',
        labelNames: ['outcome'] as const,
        registers,
      }),
  );
  const contended = metric(
    registry,
    'lock_contended_total',
    () =>
      new Counter({
        name: 'lock_contended_total',
        help: 'Acquisitions that found the lock held by someone else',
        registers,
      }),
  );
  const extensions = metric(
    registry,
    'lock_extensions_total',
    () =>
      new Counter({
        name: 'lock_extensions_total',
        help: 'Lock extensions by outcome: ok, failed',
        labelNames: ['outcome'] as const,
        registers,
      }),
  );
  const lost = metric(
    registry,
    'lock_lost_total',
    () =>
      new Counter({
        name: 'lock_lost_total',
        help: 'Held locks lost, by reason',
        labelNames: ['reason'] as const,
        registers,
      }),
  );
  const handOffs = metric(
    registry,
    'lock_hand_offs_total',
    () =>
      new Counter({
        name: 'lock_hand_offs_total',
        help: 'Locks passed straight to the next waiter of the process: in-process (no round trip) or script',
        labelNames: ['kind'] as const,
        registers,
      }),
  );
  return {
    acquire(outcome: AcquireOutcome, seconds: number, wasContended: boolean) {
      acquireSeconds.observe(seconds);
      acquireTotal.inc({ outcome });
      if (wasContended) contended.inc();
    },
    extend(ok: boolean) {
      extensions.inc({ outcome: ok ? 'ok' : 'failed' });
    },
    lost(reason: string) {
      lost.inc({ reason });
    },
    handOff(kind: HandOffKind) {
      handOffs.inc({ kind });
    },
  };
}
