import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { ClsModule } from 'nestjs-cls';
import { DataSource } from 'typeorm';

/**
 * Ambient transactions over the default TypeORM DataSource (`@Transactional()`,
 * `TransactionHost`), which the repositories and the cache's write protocol share.
 */
export function ambientTransactions() {
  return ClsModule.forRoot({
    global: true,
    // A transaction opens its own context; requests need none.
    middleware: { mount: false },
    plugins: [
      new ClsPluginTransactional({
        adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
      }),
    ],
  });
}
