import type { DataSource } from 'typeorm';
import { CacheSetupError } from './cache.errors.js';
import type { CacheModuleOptions } from './cache-module-options.interface.js';

/**
 * The module's `dataSource`, which must be initialized when the module starts: the cache reads
 * the entities' metadata then. `forRootAsync` with `inject: [DataSource]` gets TypeORM's once it
 * is; an instance given to `forRoot` is initialized by the app first.
 */
export function initializedDataSource({ dataSource }: CacheModuleOptions): DataSource {
  if (!dataSource?.isInitialized) {
    throw new CacheSetupError(
      'CacheModule dataSource: not initialized (call initialize() before CacheModule.forRoot, ' +
        'or pass TypeORM’s through CacheModule.forRootAsync({ inject: [DataSource] }))',
    );
  }
  return dataSource;
}
