import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { ConfigFiles, configError } from './config-file.js';
import { buildEntityMetadatas } from './entity-metadatas.js';
import { TenantAccount } from './test-entities.js';
import { XML_ERROR_CASES } from './xml-error-cases.js';
import { Inventory } from '../../src/inventory/inventory.entity.js';
import { SellRecord } from '../../src/inventory/sell-record.entity.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { loadCacheConfig } from '../../src/cache/testing.js';

describe('cache-config.xml errors: one line naming the file, the line and the problem', () => {
  const files = new ConfigFiles();
  let entities: EntityMetadata[];

  beforeAll(async () => {
    entities = await buildEntityMetadatas([UserAuthInfo, Inventory, SellRecord, TenantAccount]);
  });
  afterAll(() => files.remove());

  it.each(XML_ERROR_CASES)('rejects $name', ({ xml, line, problem }) => {
    const file = files.write(xml);
    expect(configError(() => loadCacheConfig({ file, entities }))).toEqual({
      file,
      line,
      problem: problem.replaceAll('{file}', file),
    });
  });
});
