import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import { CacheSetupError } from '../cache.errors.js';
import { CACHE_STRATEGY_NAMES, type CacheStrategyName } from './cache-strategy-name.js';
import type { CacheStrategy } from './cache-strategy.interface.js';

type StrategyClass = new (
  redis: CacheRedis,
  probe: CacheProbe,
  options: ResolvedCacheOptions,
) => CacheStrategy;

/**
 * Each strategy's module, imported only when it is the one selected: an app on `lease` never
 * loads the baselines it is compared with (docs/consistency.md, "The other strategies").
 */
const STRATEGY_MODULES: Record<CacheStrategyName, () => Promise<StrategyClass>> = {
  lease: async () => (await import('./lease.strategy.js')).LeaseStrategy,
  none: async () => (await import('./none.strategy.js')).NoneStrategy,
  naive: async () => (await import('./naive.strategy.js')).NaiveStrategy,
  'double-delete': async () => (await import('./double-delete.strategy.js')).DoubleDeleteStrategy,
  'seed-lock': async () => (await import('./seed-lock.strategy.js')).SeedLockStrategy,
  'delete-lock': async () => (await import('./delete-lock.strategy.js')).DeleteLockStrategy,
};

/** The strategy `options.strategy` names, built on the module's client and probe. */
export async function loadStrategy(
  redis: CacheRedis,
  probe: CacheProbe,
  options: ResolvedCacheOptions,
): Promise<CacheStrategy> {
  const load = STRATEGY_MODULES[options.strategy];
  if (!load) {
    throw new CacheSetupError(
      `CacheModule strategy: unknown strategy ${JSON.stringify(options.strategy)} ` +
        `(one of ${CACHE_STRATEGY_NAMES.join(', ')})`,
    );
  }
  const Strategy = await load();
  return new Strategy(redis, probe, options);
}
