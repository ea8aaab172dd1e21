import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root (where package.json is). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** `node <args>` that runs TypeScript sources directly (no build), as the tests need. */
export const TS_NODE_ARGS = ['--import', '@swc-node/register/esm-register'];

export interface ExitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/main.ts` with the given environment until it exits (or `timeoutMs` passes). */
export function runAppUntilExit(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ExitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE_ARGS, 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not exit within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
