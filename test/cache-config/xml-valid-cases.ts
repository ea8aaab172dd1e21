import { type CacheEntityConfig } from '../../src/cache/index.js';

/**
 * Valid cache-config.xml files and the configs they give (the fields listed), for the app's
 * entities (UserAuthInfo, Inventory, SellRecord) and TenantAccount. `{file}` in `source` stands
 * for the file's path. config/cache-config.xsd must accept every one.
 */
export interface XmlValidCase {
  name: string;
  xml: string;
  configs: Partial<Omit<CacheEntityConfig, 'entity'>>[];
}

const XSI = 'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"';

export const XML_VALID_CASES: readonly XmlValidCase[] = [
  {
    name: 'a file written for a Java application: a package-qualified po, empty expiry and unit',
    xml: `
<cache-config>
<cache-entity po="com.demo.po.UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true" key-expire="" key-expire-time-unit="">
<key-properties>userId</key-properties>
</cache-entity>
</cache-config>`,
    configs: [
      {
        entityName: 'UserAuthInfo',
        keyPrefix: 'SYSTEM_Person',
        keyProperties: ['userId'],
        ttlMs: undefined,
        poThrows: true,
        source: '{file}:2',
      },
    ],
  },
  {
    name: 'po-throws and the TTL left out: true and the module default',
    xml: `
<cache-config>
  <cache-entity po="Inventory" key-prefix="SYSTEM_Inventory">
    <key-properties>goodsId</key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ entityName: 'Inventory', poThrows: true, ttlMs: undefined }],
  },
  {
    name: 'po-throws false and every time unit',
    xml: `
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
</cache-config>`,
    configs: [
      { poThrows: false, ttlMs: 250 },
      { poThrows: true, ttlMs: 30_000 },
      { poThrows: true, ttlMs: 7_200_000 },
      { poThrows: true, ttlMs: 86_400_000 },
    ],
  },
  {
    name: 'a composite unique index, comma-separated, in the order written',
    xml: `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_LOGIN">
    <key-properties> tenantId ,login </key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ keyProperties: ['tenantId', 'login'] }],
  },
  {
    name: 'a composite unique index over repeated key-properties',
    xml: `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_LOGIN">
    <key-properties>login</key-properties>
    <key-properties>tenantId</key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ keyProperties: ['login', 'tenantId'] }],
  },
  {
    name: 'the columns of a @Unique constraint',
    xml: `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT_BY_EMAIL">
    <key-properties>tenantId,email</key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ keyProperties: ['tenantId', 'email'] }],
  },
  {
    name: 'an XML declaration, comments, CDATA and character references',
    xml: `
<?xml version="1.0" encoding="UTF-8"?>
<!-- users are cached by their unique user_id -->
<cache-config>
  <!-- <cache-entity po="Removed" key-prefix="X"/> -->
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM&#95;Person">
    <key-properties><![CDATA[userId]]></key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ entityName: 'UserAuthInfo', keyPrefix: 'SYSTEM_Person' }],
  },
  {
    name: 'the schema reference editors use',
    xml: `
<cache-config ${XSI}
              xsi:noNamespaceSchemaLocation="config/cache-config.xsd">
  <cache-entity po="Inventory" key-prefix="SYSTEM_Inventory">
    <key-properties>goodsId</key-properties>
  </cache-entity>
</cache-config>`,
    configs: [{ entityName: 'Inventory', source: '{file}:3' }],
  },
  { name: 'an empty <cache-config/>', xml: '<cache-config/>', configs: [] },
];
