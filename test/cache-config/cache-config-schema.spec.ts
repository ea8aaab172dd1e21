import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { ConfigFiles } from './config-file.js';
import { XML_ERROR_CASES } from './xml-error-cases.js';
import { XML_VALID_CASES } from './xml-valid-cases.js';

const ROOT = join(import.meta.dirname, '../..');
const SCHEMA = join(ROOT, 'config/cache-config.xsd');

/**
 * libxml2's validator (`xmllint`, Debian's libxml2-utils; .ci/run installs it): whether it
 * accepts `file` against config/cache-config.xsd, and what it said.
 */
function validate(file: string): { valid: boolean; output: string } {
  const result = spawnSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA, file], {
    encoding: 'utf8',
  });
  if (result.error) throw result.error; // ENOENT: xmllint is not installed.
  return { valid: result.status === 0, output: `${result.stdout}${result.stderr}`.trim() };
}

describe('config/cache-config.xsd', () => {
  const files = new ConfigFiles();
  afterAll(() => files.remove());

  it('is a valid schema that the shipped cache-config.xml references and satisfies', () => {
    expect(validate(join(ROOT, 'cache-config.xml'))).toEqual({
      valid: true,
      output: `${join(ROOT, 'cache-config.xml')} validates`,
    });
  });

  it.each(XML_VALID_CASES)('accepts the valid file: $name', ({ xml }) => {
    expect(validate(files.write(xml))).toMatchObject({ valid: true });
  });

  // Both ways: a schema that accepted everything, or refused what the loader takes, fails here.
  it.each(XML_ERROR_CASES)('agrees with the loader on: $name', ({ xml, xsd }) => {
    const { valid, output } = validate(files.write(xml));
    expect({ rejected: !valid, output }).toMatchObject({ rejected: xsd });
  });
});
