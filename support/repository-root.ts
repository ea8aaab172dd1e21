import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is): apps run from here so `./cache-config.xml` resolves. */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../', import.meta.url));
