/**
 * Invalid cache-config.xml files, each with the exact `line` and `problem` the loader reports
 * (`{file}` stands for the file's path), and whether config/cache-config.xsd rejects it too
 * (`xsd`: the schema cannot express every rule, such as an entity that does not exist).
 * Line 1 is the line after the opening backtick. The entities are UserAuthInfo, Inventory,
 * SellRecord and TenantAccount.
 */
export interface XmlErrorCase {
  name: string;
  xml: string;
  line: number | undefined;
  problem: string;
  xsd: boolean;
}

export const ATTRIBUTES = 'po, key-prefix, po-throws, key-expire, key-expire-time-unit';
export const UNITS = 'MILLISECONDS, SECONDS, MINUTES, HOURS, DAYS';
export const OR_DEFAULT = 'leave key-expire and key-expire-time-unit empty for the module default';
export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
export const USER_KEYS = '(table t_user_auth_info); its unique keys are (id), (userId)';
export const ACCOUNT_KEYS =
  '(table t_cc_tenant_account); its unique keys are (id), (tenantId, login), (email, tenantId)';

/** One `<cache-entity>` of UserAuthInfo: `attributes` on line 3, `body` from line 4. */
export function user(attributes: string, body = '<key-properties>userId</key-properties>'): string {
  return `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person"
                ${attributes}>
    ${body}
  </cache-entity>
</cache-config>`;
}

/** One `<cache-entity>` with every attribute on line 2, key properties on line 3. */
export function entity(attributes: string, keyProperties: string): string {
  return `
<cache-config>
  <cache-entity ${attributes}>
    <key-properties>${keyProperties}</key-properties>
  </cache-entity>
</cache-config>`;
}

export type Case = [
  name: string,
  xml: string,
  line: number | undefined,
  problem: string,
  xsd: boolean,
];

export function toCases(cases: readonly Case[]): XmlErrorCase[] {
  return cases.map(([name, xml, line, problem, xsd]) => ({ name, xml, line, problem, xsd }));
}
