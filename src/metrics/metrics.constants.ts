/** The app's prom-client Registry (one per app instance, so tests never share counters). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');
