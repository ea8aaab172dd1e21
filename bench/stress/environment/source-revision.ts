import { execFileSync } from 'node:child_process';
import { REPOSITORY_ROOT } from '../../../support/repository-root.js';

/**
 * The commit the apps were started from, and whether `src/` had uncommitted changes then: a
 * long run on a shared working tree may see the code change between strategies.
 */
export function sourceRevision(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPOSITORY_ROOT, encoding: 'utf8' }).trim();
    const head = git('rev-parse', '--short', 'HEAD');
    return git('status', '--porcelain', '--', 'src') ? `${head} (src modified)` : head;
  } catch {
    return 'unknown';
  }
}
