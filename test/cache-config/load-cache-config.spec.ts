import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { ConfigFiles } from './config-file.js';
import { buildEntityMetadatas, metadatasOf } from './entity-metadatas.js';
import { TenantAccount } from './test-entities.js';
import { XML_VALID_CASES } from './xml-valid-cases.js';
import { Inventory } from '../../src/inventory/inventory.entity.js';
import { SellRecord } from '../../src/inventory/sell-record.entity.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { loadCacheConfig } from '../../src/cache/testing.js';

/** The app's entities (src/database's list, without importing its migrations). */
const APP_ENTITIES = [UserAuthInfo, Inventory, SellRecord];
const SHIPPED_CONFIG = join(import.meta.dirname, '../../cache-config.xml');

describe('valid cache-config.xml', () => {
  const files = new ConfigFiles();
  let metadatas: EntityMetadata[];

  beforeAll(async () => {
    metadatas = await buildEntityMetadatas([...APP_ENTITIES, TenantAccount]);
  });
  afterAll(() => files.remove());

  it("loads the repository's cache-config.xml for the app's entities", () => {
    const entities = metadatasOf(metadatas, ...APP_ENTITIES);
    expect(loadCacheConfig({ file: SHIPPED_CONFIG, entities })).toEqual([
      {
        entity: UserAuthInfo,
        entityName: 'UserAuthInfo',
        keyPrefix: 'SYSTEM_Person',
        keyProperties: ['userId'],
        ttlMs: 10 * 60_000,
        poThrows: true,
        source: `${SHIPPED_CONFIG}:3`,
      },
      {
        entity: Inventory,
        entityName: 'Inventory',
        keyPrefix: 'SYSTEM_Inventory',
        keyProperties: ['goodsId'],
        ttlMs: 60_000,
        poThrows: true,
        source: `${SHIPPED_CONFIG}:7`,
      },
    ]);
  });

  it.each(XML_VALID_CASES)('accepts $name', ({ xml, configs }) => {
    const file = files.write(xml);
    const loaded = loadCacheConfig({ file, entities: metadatas });
    const expected = configs.map((config) =>
      config.source ? { ...config, source: config.source.replace('{file}', file) } : config,
    );
    expect(loaded).toHaveLength(expected.length);
    loaded.forEach((config, i) => expect(config).toMatchObject(expected[i]));
  });

  it('configures nothing without a file or a decorator', () => {
    expect(loadCacheConfig({ entities: metadatas })).toEqual([]);
  });
});
