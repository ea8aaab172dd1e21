/**
 * `npm run bench`: runs every `bench/<area>/<name>.bench.ts` one after another, each in a process
 * of its own (so one benchmark's connections and timers cannot disturb the next), and prints
 * their Markdown. `npm run bench -- lock` runs only the areas named.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const benchDir = join(root, 'bench');
const only = process.argv.slice(2);

const files = readdirSync(benchDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && (only.length === 0 || only.includes(entry.name)))
  .flatMap((dir) =>
    readdirSync(join(benchDir, dir.name))
      .filter((name) => name.endsWith('.bench.ts'))
      .map((name) => join(benchDir, dir.name, name)),
  )
  .sort();

if (files.length === 0) {
  process.stderr.write(`no benchmarks found${only.length ? ` for ${only.join(', ')}` : ''}\n`);
  process.exit(1);
}

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n# ${relative(root, file)}\n\n`);
  const result = spawnSync(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', file],
    { cwd: root, stdio: 'inherit' },
  );
  if (result.status !== 0) {
    failed++;
    process.stderr.write(`${relative(root, file)} exited with ${result.status ?? result.signal}\n`);
  }
}
process.exit(failed ? 1 : 0);
