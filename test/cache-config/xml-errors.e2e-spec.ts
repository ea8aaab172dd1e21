import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { EntityMetadata } from 'typeorm';
import { loadCacheConfig } from '../../src/cache/config/load-cache-config.js';
import { Inventory } from '../../src/inventory/inventory.entity.js';
import { SellRecord } from '../../src/inventory/sell-record.entity.js';
import { UserAuthInfo } from '../../src/users/user-auth-info.entity.js';
import { ConfigFiles, expectConfigError } from './config-file.js';
import { loadEntityMetadatas } from './entity-metadatas.js';
import { TenantAccount } from './test-entities.js';

// One malformed or invalid cache-config.xml per test, each with the exact `file:line: problem`.
// Line 1 of each file is the line right after the opening backtick.

const ALLOWED_ATTRIBUTES = 'po, key-prefix, po-throws, key-expire, key-expire-time-unit';
const TIME_UNITS = 'MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS';

describe('cache-config.xml errors', () => {
  const files = new ConfigFiles();
  let entities: EntityMetadata[];

  beforeAll(async () => {
    entities = await loadEntityMetadatas([UserAuthInfo, Inventory, SellRecord, TenantAccount]);
  });
  afterAll(() => files.remove());

  /** Writes `xml`, loads it, and expects `file:line: problem`. */
  function expectError(
    xml: string,
    line: number | undefined,
    problem: string | ((file: string) => string),
  ): void {
    const file = files.write(xml);
    const expected = typeof problem === 'string' ? problem : problem(file);
    expectConfigError(() => loadCacheConfig({ file, entities }), file, line, expected);
  }

  describe('XML syntax', () => {
    it('reports a syntax error with the line the validator gives', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
</cache-config>`,
        4,
        "malformed XML: Expected closing tag 'cache-entity' (opened in line 2, col 3) instead of closing tag 'cache-config'.",
      );
    });

    it('reports an unterminated attribute value', () => {
      expectError(
        `
<cache-config>

  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person>
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        "malformed XML: Attributes for 'cache-entity' have open quote.",
      );
    });

    it('rejects an empty file', () => {
      expectError('', 1, 'the file is empty: expected a <cache-config> element');
    });

    it('rejects a file of blanks', () => {
      expectError('\n  \n', 1, 'the file is empty: expected a <cache-config> element');
    });

    it('names a file that cannot be read', () => {
      const file = `${files.write('<cache-config/>')}.missing`;
      expectConfigError(
        () => loadCacheConfig({ file, entities }),
        file,
        undefined,
        'cannot read the file (ENOENT)',
      );
    });
  });

  describe('shape', () => {
    it('rejects a root other than <cache-config>', () => {
      expectError(
        `
<?xml version="1.0" encoding="UTF-8"?>
<cache>
</cache>`,
        2,
        'the root element must be <cache-config>, not <cache>',
      );
    });

    it('rejects an unknown element in <cache-config>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
  <cache-entities/>
</cache-config>`,
        5,
        'unknown element <cache-entities> in <cache-config> (allowed: <cache-entity>)',
      );
    });

    it('rejects an unknown element in <cache-entity>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-property>userId</key-property>
  </cache-entity>
</cache-config>`,
        3,
        'unknown element <key-property> in <cache-entity> (allowed: <key-properties>)',
      );
    });

    it('rejects an element inside <key-properties>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>
      <property>userId</property>
    </key-properties>
  </cache-entity>
</cache-config>`,
        4,
        'unknown element <property> in <key-properties> (it holds property names only)',
      );
    });

    it('rejects text in <cache-entity>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    userId
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'unexpected text "userId" in <cache-entity>',
      );
    });

    it('rejects an unknown attribute, at its own line of a multi-line start tag', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true"
                key-expire="10" key-expire-time-unit="MINUTES" colour="blue">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        `unknown attribute colour on <cache-entity> (allowed: ${ALLOWED_ATTRIBUTES})`,
      );
    });

    it('rejects an attribute on <cache-config>', () => {
      expectError(
        `
<cache-config version="2">
</cache-config>`,
        1,
        'unknown attribute version on <cache-config> (it takes none)',
      );
    });

    it('rejects an attribute on <key-properties>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties separator=";">userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'unknown attribute separator on <key-properties> (it takes none)',
      );
    });

    it('requires <key-properties>', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person"/>
</cache-config>`,
        2,
        '<cache-entity> needs a <key-properties> element',
      );
    });

    it('rejects an empty property name', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">
    <key-properties>tenantId</key-properties>
    <key-properties>login,</key-properties>
  </cache-entity>
</cache-config>`,
        4,
        'key-properties has an empty property name in "tenantId,login,"',
      );
    });

    it('rejects a property listed twice, at its second listing', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">
    <key-properties>tenantId, login</key-properties>
    <key-properties>tenantId</key-properties>
  </cache-entity>
</cache-config>`,
        4,
        'key-properties lists "tenantId" twice',
      );
    });
  });

  describe('po', () => {
    it('requires po', () => {
      expectError(
        `
<cache-config>
  <cache-entity key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        '<cache-entity> is missing the required attribute po',
      );
    });

    it('rejects an unknown entity', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="com.demo.po.AuthUser" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'unknown entity "com.demo.po.AuthUser": the TypeORM entities are Inventory, SellRecord, TenantAccount, UserAuthInfo',
      );
    });

    it('rejects a po that is not a class name', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="user auth info" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'po "user auth info" is not a class name',
      );
    });

    it('rejects an entity configured twice, even under another package', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
  <cache-entity po="com.demo.po.UserAuthInfo" key-prefix="SYSTEM_Person_2">
    <key-properties>id</key-properties>
  </cache-entity>
</cache-config>`,
        5,
        (file) => `UserAuthInfo is already configured at ${file}:2`,
      );
    });
  });

  describe('key-prefix', () => {
    it('requires key-prefix', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        '<cache-entity> is missing the required attribute key-prefix',
      );
    });

    it('rejects an empty key-prefix', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo"
                key-prefix="">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'key-prefix is empty',
      );
    });

    it('rejects characters outside [A-Za-z0-9_.-]', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM:{Person}">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'key-prefix "SYSTEM:{Person}" may only contain letters, digits, "_", "." and "-"',
      );
    });

    it('rejects the prefix of the distributed lock keys', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="lock">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'key-prefix "lock" is reserved: the distributed lock\'s keys are lock:{resource}',
      );
    });

    it('rejects a prefix used by another entity, at the second use', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
  <cache-entity po="Inventory"
                key-prefix="SYSTEM_Person">
    <key-properties>goodsId</key-properties>
  </cache-entity>
</cache-config>`,
        6,
        (file) => `key-prefix "SYSTEM_Person" is already used by UserAuthInfo (${file}:2)`,
      );
    });
  });

  describe('key-properties against the entity', () => {
    it('rejects an unknown property, hinting at a column name', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>user_id</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'UserAuthInfo has no property "user_id"; user_id is the column of property userId ' +
          '(its properties: id, userId, userLevel, nickname, version, updatedAt)',
      );
    });

    it('rejects an unknown property at the element that lists it', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">
    <key-properties>tenantId</key-properties>
    <key-properties>username</key-properties>
  </cache-entity>
</cache-config>`,
        4,
        'TenantAccount has no property "username" (its properties: id, tenantId, login, email)',
      );
    });

    const USER_KEYS = '(table t_user_auth_info); its unique keys are (id), (userId)';
    const ACCOUNT_KEYS =
      '(table t_cc_tenant_account); its unique keys are (id), (tenantId, login), (email, tenantId)';
    it.each([
      [
        'properties that are not a unique index',
        'UserAuthInfo',
        'SYSTEM_Person',
        'userLevel',
        USER_KEYS,
      ],
      [
        'a superset of a unique index',
        'UserAuthInfo',
        'SYSTEM_Person',
        'userId, userLevel',
        USER_KEYS,
      ],
      ['the columns of a non-unique index', 'TenantAccount', 'ACCOUNT', 'tenantId', ACCOUNT_KEYS],
      ['a part of a composite unique index', 'TenantAccount', 'ACCOUNT', 'login', ACCOUNT_KEYS],
    ])('rejects %s', (_case, po, prefix, properties, uniqueKeys) => {
      expectError(
        `
<cache-config>
  <cache-entity po="${po}" key-prefix="${prefix}">
    <key-properties>${properties}</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        `key-properties "${properties.replace(/\s/g, '')}" do not form a unique index of ${po} ` +
          uniqueKeys,
      );
    });
  });

  describe('key-expire and key-expire-time-unit', () => {
    it('rejects an unknown time unit', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true"
                key-expire="10" key-expire-time-unit="WEEKS">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        `key-expire-time-unit "WEEKS" is not one of ${TIME_UNITS}`,
      );
    });

    it('rejects a lower-case time unit', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" key-expire="10" key-expire-time-unit="minutes">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        `key-expire-time-unit "minutes" is not one of ${TIME_UNITS}`,
      );
    });

    it('rejects a negative expiry', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true"
                key-expire="-10" key-expire-time-unit="MINUTES">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'key-expire must be a positive integer, or leave it empty for the module default; got "-10"',
      );
    });

    it('rejects a non-numeric expiry', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" po-throws="true"
                key-expire="ten" key-expire-time-unit="MINUTES">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'key-expire must be a positive integer, or leave it empty for the module default; got "ten"',
      );
    });

    it('rejects a fractional expiry', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" key-expire="1.5" key-expire-time-unit="MINUTES">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'key-expire must be a positive integer, or leave it empty for the module default; got "1.5"',
      );
    });

    it('rejects a zero expiry', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" key-expire="0" key-expire-time-unit="SECONDS">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        'key-expire 0 would expire every row at once: give a positive integer, or leave it empty for the module default',
      );
    });

    it('rejects an expiry without its unit', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person" key-expire="10">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        2,
        `key-expire "10" needs a key-expire-time-unit (${TIME_UNITS})`,
      );
    });

    it('rejects a unit without an expiry', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person"
                key-expire="" key-expire-time-unit="MINUTES">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'key-expire-time-unit "MINUTES" without key-expire: give both, or neither for the module default',
      );
    });
  });

  describe('po-throws', () => {
    it('accepts only true or false', () => {
      expectError(
        `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person"
                po-throws="yes">
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
        3,
        'po-throws must be "true" or "false", got "yes"',
      );
    });
  });
});
