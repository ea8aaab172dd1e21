import { BadRequestException } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { MAX_BODY_BYTES, MAX_JSON_DEPTH } from './http-limits.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** `String.prototype.isWellFormed` (ES2024; Node 20 has it, the project's `lib` does not). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed();
}

function invalid(reason: string): BadRequestException {
  return new BadRequestException(`invalid JSON body: ${reason}`);
}

/**
 * The only body the API takes: `application/json` (any parameters), at most `MAX_BODY_BYTES`.
 * Every other content type is 415, including Fastify's built-in `text/plain`. Fastify answers
 * 413 from `Content-Length` before reading the body when the header says it is too large.
 */
export function registerJsonBodyParser(fastify: FastifyInstance): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer', bodyLimit: MAX_BODY_BYTES },
    (_request, body: Buffer, done) => {
      try {
        done(null, parseJsonBody(body));
      } catch (error) {
        done(error as Error, undefined);
      }
    },
  );
}

/**
 * Strict UTF-8, then `JSON.parse`, then one walk that refuses what later layers would choke on:
 * nesting deeper than `MAX_JSON_DEPTH` (class-transformer recurses), strings with a lone UTF-16
 * surrogate (MySQL's utf8mb4 cannot store them) and `__proto__` keys (prototype pollution).
 */
export function parseJsonBody(body: Buffer): unknown {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw invalid('not valid UTF-8');
  }
  if (text.trim() === '') throw invalid('empty');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw invalid((error as Error).message);
  }
  checkJsonValue(value);
  return value;
}

/** Iterative (a recursive walk is what overflows the stack on deep input). */
function checkJsonValue(root: unknown): void {
  const stack: { value: unknown; depth: number; path: string }[] = [
    { value: root, depth: 0, path: '' },
  ];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (!isWellFormed(value)) throw invalid(`${path || 'the body'} holds a lone surrogate`);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) throw invalid(`nested deeper than ${MAX_JSON_DEPTH} levels`);
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        stack.push({ value: value[index], depth: depth + 1, path: `${path}[${index}]` });
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') throw invalid('the key __proto__ is not allowed');
      if (!isWellFormed(key))
        throw invalid(`a key in ${path || 'the body'} holds a lone surrogate`);
      const child = (value as Record<string, unknown>)[key];
      stack.push({ value: child, depth: depth + 1, path: path ? `${path}.${key}` : key });
    }
  }
}
