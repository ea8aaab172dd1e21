import { spawn } from 'node:child_process';
import { REPOSITORY_ROOT } from './repository-root.js';

/** `node <args>` that runs TypeScript sources directly (no build), as tests and benchmarks need. */
const TS_NODE_ARGS = ['--import', '@swc-node/register/esm-register'];

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
      cwd: REPOSITORY_ROOT,
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

export interface RunningApp {
  /** `http://127.0.0.1:<port>`, the port the app logged. */
  url: string;
  pid: number;
  /** The start-up line `listening on ...` as the app logged it. */
  listeningLine: string;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then the exit. */
  stop(): Promise<ExitResult>;
}

/**
 * Starts `src/main.ts` with the given environment (set `PORT: '0'` for a free port) and
 * resolves once it logs the line `listening on http://<address>:<port>` (a Nest `log` line:
 * keep `LOG_LEVEL` at `log` or more verbose).
 */
export function startApp(env: Record<string, string>, timeoutMs = 60_000): Promise<RunningApp> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...TS_NODE_ARGS, 'src/main.ts'], {
      cwd: REPOSITORY_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    const exited = new Promise<ExitResult>((done) =>
      child.once('exit', (code) => done({ code, stdout, stderr })),
    );
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`app did not start within ${timeoutMs} ms; output: ${stdout}${stderr}`));
    }, timeoutMs);
    const onData = () => {
      if (started) return;
      // Nest colours its log lines; the address is read without the escape codes.
      // eslint-disable-next-line no-control-regex
      const plain = stdout.replace(/\u001b\[[0-9;]*m/g, '');
      const line = plain.split('\n').find((text) => /listening on http:\/\/\S+:\d+/.test(text));
      if (!line) return;
      started = true;
      clearTimeout(timer);
      const port = /listening on http:\/\/\S+:(\d+)/.exec(line)![1];
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        listeningLine: line,
        output: () => stdout + stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    };
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onData();
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    void exited.then(({ code }) => {
      if (started) return;
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening: ${stderr}`));
    });
  });
}
