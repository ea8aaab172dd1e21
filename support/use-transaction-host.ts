import type { INestApplicationContext } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';

interface HostRegistry {
  _instanceMap: Map<symbol, TransactionHost>;
}

/**
 * `@Transactional()` finds its `TransactionHost` in a process-wide registry, which holds the
 * host of the app created last: one per process, as in production. A test or benchmark that
 * holds several apps in one process calls this before it calls a `@Transactional()` method of
 * `app`, so that the method runs on that app's DataSource.
 */
export function useTransactionHostOf(app: INestApplicationContext): void {
  const host = app.get(TransactionHost);
  const registry = (TransactionHost as unknown as HostRegistry)._instanceMap;
  for (const key of registry.keys()) registry.set(key, host);
}
