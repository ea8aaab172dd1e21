import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { ConfigFiles, configError } from '../../../test/cache-config/config-file.js';
import { buildEntityMetadatas } from '../../../test/cache-config/entity-metadatas.js';
import { TenantAccount } from '../../../test/cache-config/test-entities.js';
import { XML_ERROR_CASES } from '../../../test/cache-config/xml-error-cases.js';
import { Inventory } from '../../inventory/inventory.entity.js';
import { SellRecord } from '../../inventory/sell-record.entity.js';
import { UserAuthInfo } from '../../users/user-auth-info.entity.js';
import { loadCacheConfig } from './load-cache-config.js';

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
