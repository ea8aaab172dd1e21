import { randomBytes } from 'node:crypto';

/** A name no other run uses (a database, a key prefix): `<label>_<time>_<random>`. */
export function uniqueName(label: string): string {
  return `${label}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}
