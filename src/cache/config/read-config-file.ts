import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { CacheConfigError } from './cache-config.error.js';

/** cache-config.xml describes a handful of entities; anything near this size is not one. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

/**
 * The text of cache-config.xml, read so that start-up cannot hang or exhaust memory on a wrong
 * path (docs/consistency.md, "Configure an entity"): the file is opened without blocking (a FIFO
 * would otherwise wait for a writer forever), must be a regular file (`/dev/zero` never ends),
 * and at most `MAX_CONFIG_FILE_BYTES + 1` bytes are read whatever its reported size (files of
 * /proc report 0, and a file can grow after fstat). The bytes must be UTF-8; a BOM is dropped.
 *
 * @throws {CacheConfigError} naming the file, and the line for bytes that are not UTF-8.
 */
export function readConfigFile(file: string): string {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    throw cannotRead(file, error);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) {
      throw new CacheConfigError(file, undefined, `not a regular file (${kindOf(stats)})`);
    }
    if (stats.size > MAX_CONFIG_FILE_BYTES) throw tooLarge(file);
    return decodeUtf8(file, readAtMost(file, fd, MAX_CONFIG_FILE_BYTES + 1));
  } finally {
    closeSync(fd);
  }
}

function readAtMost(file: string, fd: number, limit: number): Buffer {
  const buffer = Buffer.alloc(limit);
  let length = 0;
  for (;;) {
    let read: number;
    try {
      read = readSync(fd, buffer, length, limit - length, null);
    } catch (error) {
      throw cannotRead(file, error);
    }
    if (read === 0) break;
    length += read;
    if (length === limit) throw tooLarge(file);
  }
  return buffer.subarray(0, length);
}

/** Lines end in `\n` (0x0A), which never occurs inside a multi-byte UTF-8 sequence. */
function decodeUtf8(file: string, bytes: Buffer): string {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return decoder.decode(bytes);
  } catch {
    let start = 0;
    for (let line = 1; ; line++) {
      const end = bytes.indexOf(0x0a, start);
      const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(slice);
      } catch {
        throw new CacheConfigError(file, line, 'the file is not valid UTF-8');
      }
      if (end < 0) throw new CacheConfigError(file, undefined, 'the file is not valid UTF-8');
      start = end + 1;
    }
  }
}

function tooLarge(file: string): CacheConfigError {
  return new CacheConfigError(
    file,
    undefined,
    `the file is larger than ${MAX_CONFIG_FILE_BYTES} bytes (1 MiB): not a cache configuration`,
  );
}

function cannotRead(file: string, error: unknown): CacheConfigError {
  // The code (ENOENT, EACCES, ELOOP) says it all; the message would repeat the path.
  const { code } = error as { code?: unknown };
  const reason = typeof code === 'string' ? code : String(error);
  return new CacheConfigError(file, undefined, `cannot read the file (${reason})`, {
    cause: error,
  });
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}
