import { DataSource, type EntityMetadata } from 'typeorm';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { dropDatabase, testConfig } from '../support/test-env.js';

/**
 * Real TypeORM metadata for `entities`, as the app's DataSource builds it. TypeORM builds it only
 * in `initialize()`, which connects: the DataSource connects to a database of its own, created and
 * dropped here (no table is created). The metadata outlives the connection.
 */
export async function loadEntityMetadatas(
  entities: readonly Function[],
): Promise<EntityMetadata[]> {
  const { mysql } = testConfig();
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
    await dropDatabase({ mysql } as Parameters<typeof dropDatabase>[0]);
  }
}

/** The metadatas of the given classes only. */
export function metadatasOf(
  metadatas: readonly EntityMetadata[],
  ...entities: Function[]
): EntityMetadata[] {
  return metadatas.filter((metadata) => entities.includes(metadata.target as Function));
}
