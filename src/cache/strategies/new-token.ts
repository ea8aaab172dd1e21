import { randomBytes } from 'node:crypto';

/** A random owner token for a lock or a lease: 96 bits, URL-safe. */
export function newToken(): string {
  return randomBytes(12).toString('base64url');
}
