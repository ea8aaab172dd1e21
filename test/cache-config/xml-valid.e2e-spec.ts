import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { loadCacheConfig } from '../../src/cache/config/load-cache-config.js';
import { ENTITIES } from '../../src/database/database.module.js';
import { Inventory } from '../../src/inventory/inventory.entity.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { ConfigFiles, expectConfigError } from './config-file.js';
import { loadEntityMetadatas, metadatasOf } from './entity-metadatas.js';
import { TenantAccount } from './test-entities.js';

describe('valid cache-config.xml', () => {
  const files = new ConfigFiles();
  let metadatas: EntityMetadata[];
  let entities: EntityMetadata[];

  beforeAll(async () => {
    metadatas = await loadEntityMetadatas([...ENTITIES, TenantAccount]);
    entities = metadatasOf(metadatas, ...ENTITIES, TenantAccount);
  });
  afterAll(() => files.remove());

  const load = (xml: string) => {
    const file = files.write(xml);
    return { file, configs: loadCacheConfig({ file, entities }) };
  };

  it("loads the repository's cache-config.xml for the app's entities", () => {
    const file = join(import.meta.dirname, '../../cache-config.xml');
    expect(loadCacheConfig({ file, entities: metadatasOf(metadatas, ...ENTITIES) })).toEqual([
      {
        entity: UserAuthInfo,
        entityName: 'UserAuthInfo',
        keyPrefix: 'SYSTEM_Person',
        keyProperties: ['userId'],
        ttlMs: 10 * 60_000,
        poThrows: true,
        source: `${file}:2`,
      },
      {
        entity: Inventory,
        entityName: 'Inventory',
        keyPrefix: 'SYSTEM_Inventory',
        keyProperties: ['goodsId'],
        ttlMs: 60_000,
        poThrows: true,
        source: `${file}:6`,
      },
    ]);
  });

  it("accepts seed 002's file as written: a Java class name, empty expiry = module default", () => {
    const { file, configs } = load(`
<cache-config>
<cache-entity po="com.demo.po.UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true" key-expire="" key-expire-time-unit="">
<key-properties>userId</key-properties>
</cache-entity>
</cache-config>`);
    expect(configs).toEqual([
      {
        entity: UserAuthInfo,
        entityName: 'UserAuthInfo',
        keyPrefix: 'SYSTEM_Person',
        keyProperties: ['userId'],
        ttlMs: undefined,
        poThrows: true,
        source: `${file}:2`,
      },
    ]);
  });

  it('defaults po-throws to true and the TTL to the module default', () => {
    const { configs } = load(`
<cache-config>
  <cache-entity po="Inventory" key-prefix="SYSTEM_Inventory">
    <key-properties>goodsId</key-properties>
  </cache-entity>
</cache-config>`);
    expect(configs[0]).toMatchObject({ poThrows: true, ttlMs: undefined });
  });

  it('reads po-throws false and every time unit', () => {
    const { configs } = load(`
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="U1" po-throws="false" key-expire="250" key-expire-time-unit="MILLISECONDS">
    <key-properties>userId</key-properties>
  </cache-entity>
  <cache-entity po="Inventory" key-prefix="U2" key-expire="30" key-expire-time-unit="SECONDS">
    <key-properties>goodsId</key-properties>
  </cache-entity>
  <cache-entity po="SellRecord" key-prefix="U3" key-expire="2" key-expire-time-unit="HOURS">
    <key-properties>id</key-properties>
  </cache-entity>
  <cache-entity po="TenantAccount" key-prefix="U4" key-expire="1" key-expire-time-unit="DAYS">
    <key-properties>id</key-properties>
  </cache-entity>
</cache-config>`);
    expect(configs.map(({ poThrows, ttlMs }) => ({ poThrows, ttlMs }))).toEqual([
      { poThrows: false, ttlMs: 250 },
      { poThrows: true, ttlMs: 30_000 },
      { poThrows: true, ttlMs: 7_200_000 },
      { poThrows: true, ttlMs: 86_400_000 },
    ]);
  });

  it('takes a composite unique index as comma-separated or repeated key-properties, in the order written', () => {
    const { configs } = load(`
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_LOGIN">
    <key-properties> tenantId ,login </key-properties>
  </cache-entity>
</cache-config>`);
    expect(configs[0].keyProperties).toEqual(['tenantId', 'login']);

    const repeated = load(`
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_LOGIN">
    <key-properties>login</key-properties>
    <key-properties>tenantId</key-properties>
  </cache-entity>
</cache-config>`);
    expect(repeated.configs[0].keyProperties).toEqual(['login', 'tenantId']);
  });

  it('takes the columns of a @Unique constraint as a key', () => {
    const { configs } = load(`
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_EMAIL">
    <key-properties>tenantId,email</key-properties>
  </cache-entity>
</cache-config>`);
    expect(configs[0].keyProperties).toEqual(['tenantId', 'email']);
  });

  it('accepts an XML declaration, comments, CDATA and character references', () => {
    const { configs } = load(`
<?xml version="1.0" encoding="UTF-8"?>
<!-- users are cached by their unique user_id -->
<cache-config>
  <!-- <cache-entity po="Removed" key-prefix="X"/> -->
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM&#95;Person">
    <key-properties><![CDATA[userId]]></key-properties>
  </cache-entity>
</cache-config>`);
    expect(configs.map(({ entityName, keyPrefix }) => ({ entityName, keyPrefix }))).toEqual([
      { entityName: 'UserAuthInfo', keyPrefix: 'SYSTEM_Person' },
    ]);
  });

  it('accepts an empty <cache-config/> and no file at all', () => {
    expect(load('<cache-config/>').configs).toEqual([]);
    expect(loadCacheConfig({ entities })).toEqual([]);
  });

  it('counts lines of a CRLF file like any other', () => {
    const file = files.write(
      '<cache-config>\r\n  <cache-entity po="UserAuthInfo"\r\n    key-prefix="a b">\r\n' +
        '    <key-properties>userId</key-properties>\r\n  </cache-entity>\r\n</cache-config>\r\n',
    );
    expectConfigError(
      () => loadCacheConfig({ file, entities }),
      file,
      3,
      'key-prefix "a b" may only contain letters, digits, "_", "." and "-"',
    );
  });
});
