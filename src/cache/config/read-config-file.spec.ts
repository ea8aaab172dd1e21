import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import { CacheConfigError } from './cache-config.error.js';
import { MAX_CONFIG_FILE_BYTES, readConfigFile } from './read-config-file.js';

const dir = mkdtempSync(join(tmpdir(), 'read-config-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let count = 0;
function write(content: string | Buffer): string {
  const file = join(dir, `${++count}.xml`);
  writeFileSync(file, content);
  return file;
}

function failure(file: string): Pick<CacheConfigError, 'file' | 'line' | 'problem'> {
  try {
    readConfigFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CacheConfigError);
    const { line, problem } = error as CacheConfigError;
    return { file: (error as CacheConfigError).file, line, problem };
  }
  throw new Error(`${file} was read without an error`);
}

const TOO_LARGE = `the file is larger than ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB): not a cache configuration`;

describe('readConfigFile', () => {
  it('reads UTF-8 text and drops a byte order mark', () => {
    expect(readConfigFile(write('\uFEFF<cache-config>é</cache-config>'))).toBe(
      '<cache-config>é</cache-config>',
    );
  });

  it('reads a file of exactly the size limit', () => {
    expect(readConfigFile(write('x'.repeat(MAX_CONFIG_FILE_BYTES)))).toHaveLength(
      MAX_CONFIG_FILE_BYTES,
    );
  });

  it.each<[string, () => string, number | undefined, string]>([
    ['a missing file', () => join(dir, 'missing.xml'), undefined, 'cannot read the file (ENOENT)'],
    ['a directory', () => dir, undefined, 'not a regular file (a directory)'],
    ['/dev/zero', () => '/dev/zero', undefined, 'not a regular file (a character device)'],
    [
      'a symbolic link to /dev/zero',
      () => {
        const link = join(dir, `link-${++count}`);
        symlinkSync('/dev/zero', link);
        return link;
      },
      undefined,
      'not a regular file (a character device)',
    ],
    [
      'a file one byte over 1 MiB',
      () => write('x'.repeat(MAX_CONFIG_FILE_BYTES + 1)),
      undefined,
      TOO_LARGE,
    ],
    [
      'bytes that are not UTF-8, at their line',
      () =>
        write(
          Buffer.concat([
            Buffer.from('<a>\n\n  '),
            Buffer.from([0xc3, 0x28]),
            Buffer.from('\n</a>'),
          ]),
        ),
      3,
      'the file is not valid UTF-8',
    ],
    [
      'Latin-1 text on the last line',
      () => write(Buffer.concat([Buffer.from('<a>\n'), Buffer.from([0xe9])])),
      2,
      'the file is not valid UTF-8',
    ],
  ])('rejects %s', (_case, path, line, problem) => {
    const file = path();
    expect(failure(file)).toEqual({ file, line, problem });
  });

  it('rejects a FIFO without waiting for a writer', () => {
    // A blocking open would wait for a writer forever, and a synchronous one would block this
    // very process; the read runs in a child, which the bound kills if it hangs (ETIMEDOUT).
    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const script = `import('./src/cache/config/read-config-file.ts').then(({ readConfigFile }) => {
      try { readConfigFile(process.argv[1]); } catch (e) { process.stdout.write(e.message); }
    });`;
    const output = execFileSync(
      process.execPath,
      ['--import', '@swc-node/register/esm-register', '-e', script, fifo],
      { cwd: join(import.meta.dirname, '../../..'), encoding: 'utf8', timeout: 20_000 },
    );
    expect(output).toBe(`${fifo}: not a regular file (a FIFO)`);
  });

  it('reads a file whose fstat size is not its length (/proc reports 0)', () => {
    // The read loops to end of file and enforces the cap itself, whatever fstat said.
    expect(readConfigFile('/proc/self/status')).toContain('Name:');
  });
});
