import {
  Module,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import type { CacheModuleOptions } from './cache-module-options.interface.js';

/** The options as given to `forRoot`, or made by `forRootAsync`'s factory. */
export const CACHE_MODULE_OPTIONS = Symbol('CACHE_MODULE_OPTIONS');

/** `CacheModule.forRootAsync`: the options from a factory (e.g. of the app's client and DataSource). */
export interface CacheModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  inject?: (InjectionToken | OptionalFactoryDependency)[];
  useFactory: (...args: never[]) => CacheModuleOptions | Promise<CacheModuleOptions>;
}

/**
 * Holds `forRootAsync`'s factory outside `CacheModule`: its `inject` (the app's `DataSource`)
 * resolves in the app's scope, never against the `DataSource` that `CacheModule` provides to
 * its own classes from the options.
 */
@Module({})
class CacheOptionsModule {}

export function cacheOptionsModule(options: CacheModuleAsyncOptions): DynamicModule {
  return {
    module: CacheOptionsModule,
    imports: options.imports ?? [],
    providers: [
      {
        provide: CACHE_MODULE_OPTIONS,
        inject: options.inject ?? [],
        useFactory: options.useFactory as (...args: unknown[]) => CacheModuleOptions,
      },
    ],
    exports: [CACHE_MODULE_OPTIONS],
  };
}
