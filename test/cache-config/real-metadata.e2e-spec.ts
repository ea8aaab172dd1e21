import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { loadCacheConfig } from '../../src/cache/testing.js';
import { Inventory } from '../../src/inventory/inventory.entity.js';
import { SellRecord } from '../../src/inventory/sell-record.entity.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { ConfigFiles } from './config-file.js';
import { buildEntityMetadatas, loadEntityMetadatas } from './entity-metadatas.js';
import { Article, TenantAccount } from './test-entities.js';
import { XML_SETTING_ERROR_CASES } from './xml-setting-error-cases.js';
import { XML_VALID_CASES } from './xml-valid-cases.js';

// The unit specs build entity metadata without connecting; this checks that the configuration
// read from it, unique keys included, is what a DataSource connected to MariaDB gives.

const ENTITIES = [UserAuthInfo, Inventory, SellRecord, TenantAccount, Article];

/** The configs, or the error message, that `xml` gives with `entities`. */
function outcome(file: string, entities: readonly EntityMetadata[]): unknown {
  try {
    return loadCacheConfig({ file, entities });
  } catch (error) {
    return (error as Error).message;
  }
}

describe('cache configuration from metadata of a connected DataSource', () => {
  const files = new ConfigFiles();
  let connected: EntityMetadata[];
  let built: EntityMetadata[];

  beforeAll(async () => {
    connected = await loadEntityMetadatas(ENTITIES);
    built = await buildEntityMetadatas(ENTITIES);
  });
  afterAll(() => files.remove());

  it.each([...XML_VALID_CASES, ...XML_SETTING_ERROR_CASES])(
    'gives the same for $name',
    ({ xml }) => {
      const file = files.write(xml);
      expect(outcome(file, connected)).toEqual(outcome(file, built));
    },
  );

  it('finds the same unique keys', () => {
    const keys = (metadatas: EntityMetadata[]) =>
      metadatas.map((m) => ({
        entity: m.targetName,
        primary: m.primaryColumns.map((c) => c.propertyPath),
        indices: m.indices.map((i) => [i.isUnique, i.where, i.columns.map((c) => c.propertyPath)]),
        uniques: m.uniques.map((u) => u.columns.map((c) => c.propertyPath)),
      }));
    expect(keys(connected)).toEqual(keys(built));
  });
});
