import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { CacheConfigError } from '../../src/cache/config/cache-config.error.js';

/** A temp directory of cache-config.xml files written from inline text. */
export class ConfigFiles {
  private readonly dir = mkdtempSync(join(tmpdir(), 'cache-config-'));
  private count = 0;

  /** Writes `text` (its first newline dropped, so that line 1 is the line after the backtick). */
  write(text: string): string {
    const dir = join(this.dir, String(++this.count));
    mkdirSync(dir);
    const file = join(dir, 'cache-config.xml');
    writeFileSync(file, text.replace(/^\n/, ''));
    return file;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Runs `load` and asserts it throws a CacheConfigError `file:line: problem`. */
export function expectConfigError(
  load: () => unknown,
  file: string,
  line: number | undefined,
  problem: string,
): void {
  let thrown: unknown;
  try {
    load();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(CacheConfigError);
  const error = thrown as CacheConfigError;
  expect({ file: error.file, line: error.line, problem: error.problem }).toEqual({
    file,
    line,
    problem,
  });
  expect(error.message).toBe(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
}
