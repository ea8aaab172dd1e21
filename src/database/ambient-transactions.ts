import type { DynamicModule } from '@nestjs/common';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';

/**
 * Ambient transactions over the default TypeORM DataSource (`@Transactional()`,
 * `TransactionHost`), which the repositories and the cache's write protocol share.
 *
 * Registered as a plugin without `ClsModule.forRoot`: a transaction opens its own context, so
 * requests need none, and `forRoot` installs a global guard and interceptor on every route even
 * when they are not mounted (no-ops, yet about 9 % of a cache hit's CPU over HTTP).
 */
export function ambientTransactions(): DynamicModule {
  return {
    ...ClsModule.registerPlugins([
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
      }),
    ]),
    global: true,
  };
}
