import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { CacheConfigError } from '../../src/cache/index.js';

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

/** What `load` throws, which must be a CacheConfigError with the one-line message. */
export function configError(
  load: () => unknown,
): Pick<CacheConfigError, 'file' | 'line' | 'problem'> {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(CacheConfigError);
    const { file, line, problem, message } = error as CacheConfigError;
    expect(message).toBe(`${line === undefined ? file : `${file}:${line}`}: ${problem}`);
    expect(message).not.toMatch(/[\r\n]/);
    return { file, line, problem };
  }
  throw new Error('loaded without an error');
}
