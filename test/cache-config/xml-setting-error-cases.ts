import {
  ACCOUNT_KEYS,
  type Case,
  entity,
  OR_DEFAULT,
  toCases,
  UNITS,
  user,
  USER_KEYS,
  type XmlErrorCase,
} from './xml-fixtures.js';

/** The settings' values (see xml-fixtures.ts for the format). */
const SETTING_CASES: Case[] = [
  // po
  ['a missing po', entity('key-prefix="SYSTEM_Person"', 'userId'), 2, 'po is required', true],
  [
    'an unknown entity',
    entity('po="com.demo.po.AuthUser" key-prefix="SYSTEM_Person"', 'userId'),
    2,
    'unknown entity "com.demo.po.AuthUser": the TypeORM entities are Inventory, SellRecord, TenantAccount, UserAuthInfo',
    false,
  ],
  [
    'a po that is not a class name',
    entity('po="user auth info" key-prefix="SYSTEM_Person"', 'userId'),
    2,
    'po "user auth info" is not a class name',
    true,
  ],
  [
    'an entity configured twice, even under another package',
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
    'UserAuthInfo is already configured at {file}:2',
    false,
  ],
  // key-prefix
  [
    'a missing key-prefix',
    entity('po="UserAuthInfo"', 'userId'),
    2,
    'key-prefix is required',
    true,
  ],
  [
    'an empty key-prefix, at its line',
    '\n<cache-config>\n  <cache-entity po="UserAuthInfo"\n    key-prefix="">\n    <key-properties>userId</key-properties>\n  </cache-entity>\n</cache-config>',
    3,
    'key-prefix is empty',
    true,
  ],
  [
    'a key-prefix with ":" or braces',
    entity('po="UserAuthInfo" key-prefix="SYSTEM:{Person}"', 'userId'),
    2,
    'key-prefix "SYSTEM:{Person}" may only contain letters, digits, "_", "." and "-"',
    true,
  ],
  [
    'a key-prefix used by another entity, at the second use',
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
    'key-prefix "SYSTEM_Person" is already used by UserAuthInfo ({file}:2)',
    false,
  ],
  // key-properties
  [
    'an empty property name, at the element that lists it',
    '\n<cache-config>\n  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">\n    <key-properties>tenantId</key-properties>\n    <key-properties>login,</key-properties>\n  </cache-entity>\n</cache-config>',
    4,
    'key-properties has an empty property name in "tenantId,login,"',
    true,
  ],
  [
    'a property listed twice, at its second listing',
    '\n<cache-config>\n  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">\n    <key-properties>tenantId, login</key-properties>\n    <key-properties>tenantId</key-properties>\n  </cache-entity>\n</cache-config>',
    4,
    'key-properties lists "tenantId" twice',
    false,
  ],
  [
    'a column name for a property',
    user('', '<key-properties>user_id</key-properties>'),
    4,
    'UserAuthInfo has no property "user_id"; user_id is the column of property userId ' +
      '(its properties: id, userId, userLevel, nickname, version, updatedAt)',
    false,
  ],
  [
    'an unknown property, at the element that lists it',
    '\n<cache-config>\n  <cache-entity po="TenantAccount" key-prefix="ACCOUNT">\n    <key-properties>tenantId</key-properties>\n    <key-properties>username</key-properties>\n  </cache-entity>\n</cache-config>',
    4,
    'TenantAccount has no property "username" (its properties: id, tenantId, login, email)',
    false,
  ],
  ...(
    [
      ['properties that are not a unique index', 'UserAuthInfo', 'userLevel', USER_KEYS],
      ['a superset of a unique index', 'UserAuthInfo', 'userId, userLevel', USER_KEYS],
      ['the columns of a non-unique index', 'TenantAccount', 'tenantId', ACCOUNT_KEYS],
      ['a part of a composite unique index', 'TenantAccount', 'login', ACCOUNT_KEYS],
    ] as const
  ).map(([name, po, properties, keys]): Case => [
    name,
    entity(`po="${po}" key-prefix="P"`, properties),
    3,
    `key-properties "${properties.replace(/\s/g, '')}" do not form a unique index of ${po} ${keys}`,
    false,
  ]),
  // key-expire, key-expire-time-unit
  [
    'an unknown time unit',
    user('key-expire="10" key-expire-time-unit="WEEKS"'),
    3,
    `key-expire-time-unit "WEEKS" is not one of ${UNITS}`,
    true,
  ],
  [
    'a lower-case time unit',
    user('key-expire="10" key-expire-time-unit="minutes"'),
    3,
    `key-expire-time-unit "minutes" is not one of ${UNITS}`,
    true,
  ],
  ...['-10', 'ten', '1.5'].map((value): Case => [
    `the expiry ${value}`,
    user(`key-expire="${value}" key-expire-time-unit="MINUTES"`),
    3,
    `key-expire must be a positive integer, or ${OR_DEFAULT}; got "${value}"`,
    true,
  ]),
  [
    'a zero expiry',
    user('key-expire="0" key-expire-time-unit="SECONDS"'),
    3,
    `key-expire 0 would expire every row at once: give a positive integer, or ${OR_DEFAULT}`,
    true,
  ],
  [
    'an expiry too long to count in milliseconds',
    user('key-expire="9007199254740991" key-expire-time-unit="DAYS"'),
    3,
    'key-expire 9007199254740991 DAYS is too long',
    false,
  ],
  [
    'an expiry without its unit',
    user('key-expire="10"'),
    3,
    `key-expire 10 needs key-expire-time-unit (${UNITS})`,
    false,
  ],
  [
    'a unit without an expiry, at the unit',
    user('key-expire=""\n                key-expire-time-unit="MINUTES"'),
    4,
    `key-expire-time-unit "MINUTES" without key-expire: give both, or ${OR_DEFAULT}`,
    false,
  ],
  // po-throws
  [
    'a po-throws other than true or false',
    user('po-throws="yes"'),
    3,
    'po-throws must be true or false, got "yes"',
    true,
  ],
  [
    'a CRLF file, whose lines count like any other',
    '<cache-config>\r\n  <cache-entity po="UserAuthInfo"\r\n    key-prefix="a b">\r\n' +
      '    <key-properties>userId</key-properties>\r\n  </cache-entity>\r\n</cache-config>\r\n',
    3,
    'key-prefix "a b" may only contain letters, digits, "_", "." and "-"',
    true,
  ],
];

export const XML_SETTING_ERROR_CASES: readonly XmlErrorCase[] = toCases(SETTING_CASES);
