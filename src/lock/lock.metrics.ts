import { Counter, Histogram, type Registry } from 'prom-client';
import type { AcquireOutcome, HandOffKind, LockObserver } from './lock-observer.js';

function metric<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

/** The lock's Prometheus metrics on the app's registry . */
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
  const counter = <L extends string>(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
  ): Counter<L> =>
    metric(registry, name, () => new Counter<L>({ name, help, labelNames, registers }));
  const acquireTotal = counter(
    'lock_acquire_total',
    'Lock acquisitions by outcome: acquired, taken, timeout, aborted, quorum_error',
    ['outcome'],
  );
  const contended = counter(
    'lock_contended_total',
    'Acquisitions that found the lock held by someone else',
  );
  const extensions = counter('lock_extensions_total', 'Lock extensions by outcome: ok, failed', [
    'outcome',
  ]);
  const lost = counter('lock_lost_total', 'Held locks lost, by reason', ['reason']);
  const handOffs = counter(
    'lock_hand_offs_total',
    'Locks passed straight to the next waiter of the process: in-process (no round trip) or script',
    ['kind'],
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
