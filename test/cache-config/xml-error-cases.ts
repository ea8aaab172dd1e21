import { ATTRIBUTES, type Case, toCases, user, XSI, type XmlErrorCase } from './xml-fixtures.js';
import { XML_SETTING_ERROR_CASES } from './xml-setting-error-cases.js';

/** Syntax and shape: what the XML itself must be (see xml-fixtures.ts for the format). */
const SHAPE_CASES: Case[] = [
  // Syntax: the validator's message and line.
  [
    'an unclosed element',
    `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
</cache-config>`,
    4,
    "malformed XML: Expected closing tag 'cache-entity' (opened in line 2, col 3) instead of closing tag 'cache-config'.",
    true,
  ],
  [
    'an unterminated attribute value',
    `
<cache-config>

  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person>
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
    3,
    "malformed XML: Attributes for 'cache-entity' have open quote.",
    true,
  ],
  ['an empty file', '', 1, 'the file is empty: expected a <cache-config> element', true],
  ['a file of blanks', '\n  \n', 1, 'the file is empty: expected a <cache-config> element', true],
  [
    'an internal entity',
    '<?xml version="1.0"?>\n<!DOCTYPE cache-config [<!ENTITY p "SYSTEM_Person">]>\n<cache-config/>',
    2,
    '<!DOCTYPE> is not allowed: cache-config.xml takes no DTD (no entity declarations, no external references)',
    false, // A DTD is legal XML; the loader refuses it, not the schema.
  ],
  [
    'an encoding other than UTF-8',
    '\n<?xml version="1.0" encoding="ISO-8859-1"?>\n<cache-config/>',
    1,
    'encoding "ISO-8859-1": cache-config.xml is read as UTF-8',
    false,
  ],
  // Shape: elements and attributes.
  [
    'a root other than <cache-config>',
    '\n<?xml version="1.0" encoding="UTF-8"?>\n<cache>\n</cache>',
    2,
    'the root element must be <cache-config>, not <cache>',
    true,
  ],
  [
    'an unknown element in <cache-config>',
    `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person">
    <key-properties>userId</key-properties>
  </cache-entity>
  <cache-entities/>
</cache-config>`,
    5,
    'unknown element <cache-entities> in <cache-config> (allowed: <cache-entity>)',
    true,
  ],
  [
    'an unknown element in <cache-entity>',
    user('', '<key-property>userId</key-property>'),
    4,
    'unknown element <key-property> in <cache-entity> (allowed: <key-properties>)',
    true,
  ],
  [
    'an element inside <key-properties>',
    user('', '<key-properties>\n      <property>userId</property>\n    </key-properties>'),
    5,
    'unknown element <property> in <key-properties> (it holds property names only)',
    true,
  ],
  [
    'text in <cache-entity> that also appears in an attribute, at its line',
    `
<cache-config>
  <cache-entity po="UserAuthInfo" key-prefix="userId">

    userId
    <key-properties>userId</key-properties>
  </cache-entity>
</cache-config>`,
    4,
    'unexpected text "userId" in <cache-entity>',
    true,
  ],
  [
    'text in <cache-config>, after an element',
    '\n<cache-config>\n  <cache-entity po="A" key-prefix="B">\n    <key-properties>a</key-properties>\n  </cache-entity>\n  stray\n</cache-config>',
    5,
    'unexpected text "stray" in <cache-config>',
    true,
  ],
  [
    'text in <cache-entity>, at its line',
    user('', '<key-properties>userId</key-properties>\n\n    userId'),
    6,
    'unexpected text "userId" in <cache-entity>',
    true,
  ],
  [
    'an unknown attribute, at its own line of the start tag',
    user('key-expire="10" key-expire-time-unit="MINUTES"\n                colour="blue"'),
    4,
    `unknown attribute colour on <cache-entity> (allowed: ${ATTRIBUTES})`,
    true,
  ],
  [
    'an attribute on <cache-config>',
    '\n<cache-config version="2">\n</cache-config>',
    1,
    'unknown attribute version on <cache-config> (allowed: xmlns:xsi, xsi:noNamespaceSchemaLocation)',
    true,
  ],
  [
    'another schema attribute on <cache-config>',
    `\n<cache-config xmlns:xsi="${XSI}"\n  xsi:schemaLocation="urn:x x.xsd">\n</cache-config>`,
    2,
    'unknown attribute xsi:schemaLocation on <cache-config> (allowed: xmlns:xsi, xsi:noNamespaceSchemaLocation)',
    false, // Schema processors allow every xsi: attribute.
  ],
  [
    'xmlns:xsi bound to another namespace',
    '\n<cache-config xmlns:xsi="urn:other" xsi:noNamespaceSchemaLocation="x.xsd"/>',
    1,
    `xmlns:xsi must be "${XSI}", got "urn:other"`,
    true,
  ],
  [
    'xsi:noNamespaceSchemaLocation without xmlns:xsi',
    '\n<cache-config\n  xsi:noNamespaceSchemaLocation="config/cache-config.xsd"/>',
    2,
    `xsi:noNamespaceSchemaLocation needs xmlns:xsi="${XSI}"`,
    true,
  ],
  [
    'an attribute on <key-properties>',
    user('', '<key-properties separator=";">userId</key-properties>'),
    4,
    'unknown attribute separator on <key-properties> (it takes none)',
    true,
  ],
  [
    'a <cache-entity> without <key-properties>',
    '\n<cache-config>\n  <cache-entity po="UserAuthInfo" key-prefix="SYSTEM_Person"/>\n</cache-config>',
    2,
    'key-properties is required',
    true,
  ],
];

export const XML_ERROR_CASES: readonly XmlErrorCase[] = [
  ...toCases(SHAPE_CASES),
  ...XML_SETTING_ERROR_CASES,
];
