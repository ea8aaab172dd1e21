import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { loadAppConfig } from './load-app-config.js';

const ROOT = join(import.meta.dirname, '../..');
const DEFAULT_ENV = readFileSync(join(ROOT, 'config/default.env'), 'utf8');
const defaults = parseEnv(DEFAULT_ENV);

/** Every variable name the loader looks up, recorded by an environment that watches reads. */
function variablesTheLoaderReads(): string[] {
  const read = new Set<string>();
  const env = new Proxy<Record<string, string | undefined>>(
    {},
    {
      get(_target, name) {
        if (typeof name === 'string') read.add(name);
        return undefined;
      },
    },
  );
  loadAppConfig(env);
  return [...read].sort();
}

/** The variables of the README's configuration table (`NAME` or `NAME` / `NAME` per row). */
function variablesOfTheReadme(): string[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Configuration'));
  const table = section.slice(0, section.indexOf('\n## '));
  const names = table
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .flatMap((line) => line.split('|')[1].match(/`[A-Z][A-Z0-9_]*`/g) ?? []);
  return [...new Set(names.map((name) => name.slice(1, -1)))].sort();
}

describe('config/default.env', () => {
  it('lists exactly the variables the loader reads', () => {
    expect(Object.keys(defaults).sort()).toEqual(variablesTheLoaderReads());
  });

  it('lists every variable of the README', () => {
    expect(Object.keys(defaults)).toEqual(expect.arrayContaining(variablesOfTheReadme()));
  });

  it("gives the loader's own defaults", () => {
    expect(loadAppConfig(defaults)).toEqual(loadAppConfig({}));
  });

  it('says in a comment line above each variable what it does', () => {
    const lines = DEFAULT_ENV.split('\n');
    const uncommented = lines.filter(
      (line, index) => /^[A-Z]/.test(line) && !/^# \S/.test(lines[index - 1] ?? ''),
    );
    expect(uncommented).toEqual([]);
  });
});
