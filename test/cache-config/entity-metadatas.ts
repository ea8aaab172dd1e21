import { DataSource, type EntityMetadata } from 'typeorm';
import { type EntityClass } from '../../src/cache/index.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { dropDatabase, testConfig } from '../support/test-env.js';

/**
 * TypeORM metadata for `entities`, built as `initialize()` builds it but without connecting:
 * `buildMetadatas` needs the driver's type rules only (a database name satisfies its validator).
 * What the cache configuration reads, columns and unique keys, comes from the decorators alone;
 * `test/cache-config/real-metadata.e2e-spec.ts` checks it against a connected DataSource.
 */
export async function buildEntityMetadatas(
  entities: readonly EntityClass[],
): Promise<EntityMetadata[]> {
  const dataSource = new DataSource({
    type: 'mysql',
    database: 'metadata_only',
    entities: [...entities],
  });
  await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
  return dataSource.entityMetadatas;
}

/**
 * Real TypeORM metadata for `entities`, from a DataSource connected to a database of its own,
 * created and dropped here (no table is created). The metadata outlives the connection.
 */
export async function loadEntityMetadatas(
  entities: readonly EntityClass[],
): Promise<EntityMetadata[]> {
  const config = testConfig();
  const { mysql } = config;
  await ensureDatabase(mysql);
  const dataSource = new DataSource({
    type: 'mysql',
    host: mysql.host,
    port: mysql.port,
    username: mysql.user,
    password: mysql.password,
    database: mysql.database,
    entities: [...entities],
  });
  try {
    await dataSource.initialize();
    return dataSource.entityMetadatas;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await dropDatabase(config);
  }
}

/** The metadatas of the given classes only. */
export function metadatasOf(
  metadatas: readonly EntityMetadata[],
  ...entities: EntityClass[]
): EntityMetadata[] {
  return metadatas.filter((metadata) => entities.includes(metadata.target as EntityClass));
}
