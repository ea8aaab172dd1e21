import { Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { MysqlConfig } from '../config/app-config.interface.js';
import { Inventory } from '../inventory/inventory.entity.js';
import { SellRecord } from '../inventory/sell-record.entity.js';
import { UserAuthInfo } from '../users/user-auth-info.entity.js';
import { ambientTransactions } from './ambient-transactions.js';
import { ensureDatabase } from './ensure-database.js';
import { MIGRATIONS } from './migrations/index.js';
import { StatementBounds } from './statement-bounds.js';

export const ENTITIES = [UserAuthInfo, Inventory, SellRecord];

/**
 * The TypeORM DataSource, and ambient transactions over it (`@Transactional()`,
 * `TransactionHost`), which the repositories and the cache's write protocol share.
 */
@Module({})
export class DatabaseModule {
  static forRoot(config: MysqlConfig): DynamicModule {
    const bounds = new StatementBounds(config.queryTimeoutMs);
    return {
      module: DatabaseModule,
      imports: [
        ambientTransactions(),
        TypeOrmModule.forRootAsync({
          useFactory: async () => {
            await ensureDatabase(config);
            return {
              type: 'mysql',
              ...servers(config),
              entities: ENTITIES,
              migrations: MIGRATIONS,
              migrationsRun: true,
              synchronize: false,
              timezone: 'Z',
              supportBigNumbers: true,
              bigNumberStrings: false,
              poolSize: config.poolSize,
              retryAttempts: 2,
              retryDelay: 500,
              logging: ['migration'],
              driver: bounds.driver(),
            };
          },
          // Migrations run unbounded; every statement after them is bounded.
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options as DataSourceOptions).initialize();
            if (bounds.timeoutMs > 0) {
              const [{ version }] = await dataSource.query<{ version: string }[]>(
                'SELECT VERSION() AS version',
              );
              bounds.arm(version);
            }
            return dataSource;
          },
        }),
      ],
    };
  }
}

/**
 * One server, or TypeORM replication: writes, transactions and every cached read on the primary
 * (the cache module sees to that), other plain reads spread over the replicas
 * (docs/consistency.md, "Read replicas").
 */
function servers(config: MysqlConfig) {
  const credentials = {
    username: config.user,
    password: config.password,
    database: config.database,
  };
  const primary = { host: config.host, port: config.port, ...credentials };
  if (!config.replicas.length) return primary;
  return {
    replication: {
      master: primary,
      slaves: config.replicas.map(({ host, port }) => ({ host, port, ...credentials })),
    },
  };
}
