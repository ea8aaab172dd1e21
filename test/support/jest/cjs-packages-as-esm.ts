/**
 * Jest global setup. Jest cannot `require()` an ES module on Node < 24.9 (Node itself can since
 * 20.19), and NestJS 12 ships as ES modules only, so a CommonJS package that requires
 * `@nestjs/common` fails to load under Jest although it runs in the app. For each such package
 * listed in `jest.config.cjs`, this writes an ES-module copy (converted by
 * `@chialab/cjs-to-esm`) under `node_modules/.cache/cjs-as-esm/`, which the config maps the
 * package's name to: every test then shares one instance of it and of NestJS with the app.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { transform } from '@chialab/cjs-to-esm';

interface JestConfigExtras {
  cjsPackagesAsEsm: string[];
  esmCopyOf(name: string): string;
}

const require = createRequire(import.meta.url);
const config = require('../../../jest.config.cjs') as JestConfigExtras;

export default async function convertCjsPackages(): Promise<void> {
  await Promise.all(config.cjsPackagesAsEsm.map((name) => convert(name)));
}

async function convert(name: string): Promise<void> {
  const source = dirname(require.resolve(`${name}/package.json`));
  const manifest = JSON.parse(await readFile(join(source, 'package.json'), 'utf8')) as {
    version: string;
  };
  const target = config.esmCopyOf(name);
  const stamp = join(target, '.converted');
  // Converted once per installed version.
  const version = createHash('sha256').update(manifest.version).digest('hex');
  if (existsSync(stamp) && (await readFile(stamp, 'utf8')) === version) return;
  await rm(target, { recursive: true, force: true });
  await mkdir(target, { recursive: true });
  for (const file of await javascriptFiles(source)) {
    const code = await readFile(file, 'utf8');
    const converted = await transform(hideDynamicImports(code), { sourcemap: false });
    const out = join(target, relative(source, file));
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, restoreDynamicImports(converted?.code ?? code));
  }
  await writeFile(join(target, 'package.json'), JSON.stringify({ name, type: 'module' }));
  await writeFile(stamp, version);
}

/**
 * TypeScript compiles `await import('x')` to a `require` inside a promise; the converter would
 * make that a static import, and so a cycle the package breaks on purpose (nestjs-cls does).
 * Such imports are hidden from the converter, then restored as `import()`.
 */
const DYNAMIC_IMPORT = '__cjsAsEsmDynamicImport';

function hideDynamicImports(code: string): string {
  return code.replace(
    /Promise\.resolve\(\)\.then\(\(\) => __importStar\(require\(('[^']+'|"[^"]+")\)\)\)/g,
    `${DYNAMIC_IMPORT}($1)`,
  );
}

function restoreDynamicImports(code: string): string {
  return code.replaceAll(`${DYNAMIC_IMPORT}(`, 'import(');
}

async function javascriptFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .filter((entry) => !relative(dir, entry.parentPath).includes('node_modules'))
    .map((entry) => join(entry.parentPath, entry.name));
}
