import { Counter, Histogram, type Registry } from 'prom-client';

/** Receives the binlog stream's counts (docs/consistency.md, "Change data capture"). */
export interface CdcObserver {
  /** Called once at start with the cached entities, so every series exists from the start. */
  started(entities: readonly string[]): void;
  /** Row images of `entity` seen in committed transactions. */
  events(entity: string, rows: number): void;
  /** Row images the app's own writes had already invalidated: not invalidated again. */
  skipped(entity: string, rows: number): void;
  /** From a transaction's commit to its invalidation done (see `cdcLagSeconds`). */
  lag(seconds: number): void;
  /** The binlog connection was lost and is being made again. */
  reconnect(): void;
}

export const NOOP_CDC_OBSERVER: CdcObserver = {
  started: () => undefined,
  events: () => undefined,
  skipped: () => undefined,
  lag: () => undefined,
  reconnect: () => undefined,
};

const LAG_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * `cache_cdc_events_total{entity}`, `cache_cdc_skipped_total{entity}`, `cache_cdc_lag_seconds`
 * (histogram) and `cache_cdc_reconnects_total` on `registry`, each made once per registry. Not the
 * hot path: prom-client's own counters.
 */
export function cdcMetrics(registry: Registry): CdcObserver {
  const counter = <L extends string>(name: string, help: string, labelNames: L[]) =>
    (registry.getSingleMetric(name) as Counter<L> | undefined) ??
    new Counter({ name, help, labelNames, registers: [registry] });
  const events = counter(
    'cache_cdc_events_total',
    'Row images of cached entities in committed binlog transactions',
    ['entity'],
  );
  const skipped = counter(
    'cache_cdc_skipped_total',
    "Row images of the app's own writes, already invalidated by their write-end",
    ['entity'],
  );
  const reconnects = counter(
    'cache_cdc_reconnects_total',
    'Binlog connections lost and made again',
    [],
  );
  const lag =
    (registry.getSingleMetric('cache_cdc_lag_seconds') as Histogram | undefined) ??
    new Histogram({
      name: 'cache_cdc_lag_seconds',
      help: 'From a binlog transaction commit to its cached rows invalidated',
      buckets: LAG_BUCKETS,
      registers: [registry],
    });
  return {
    started: (entities) => {
      for (const entity of entities) {
        events.inc({ entity }, 0);
        skipped.inc({ entity }, 0);
      }
      reconnects.inc(0);
    },
    events: (entity, rows) => events.inc({ entity }, rows),
    skipped: (entity, rows) => skipped.inc({ entity }, rows),
    lag: (seconds) => lag.observe(seconds),
    reconnect: () => reconnects.inc(),
  };
}

/**
 * The lag of one transaction. Binlog timestamps have whole seconds, so the commit happened in
 * [timestamp, timestamp + 1 s), and no later than the event's arrival: the commit is taken as
 * the earlier of the arrival and the end of that second. The lag is then never overstated (a
 * 10 ms lag whose commit second ended in transit is not counted as a second), exact to the
 * transit time while the stream keeps up, and understated by less than a second only when it is
 * further behind than that. docs/consistency.md, "Metrics and /health".
 */
export function cdcLagSeconds(
  committedAtMs: number,
  receivedAtMs: number,
  doneAtMs: number,
): number {
  const commit = Math.min(receivedAtMs, committedAtMs + 1000);
  return Math.max(0, doneAtMs - commit) / 1000;
}
