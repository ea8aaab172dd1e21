import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../../support/free-port.js';
import { REPOSITORY_ROOT } from '../../../support/repository-root.js';

export interface AppProcessOptions {
  count: number;
  /** Environment of the contract (MYSQL_DATABASE, REDIS_URL, CACHE_STRATEGY, ...). */
  env: Record<string, string>;
  /** Run `src/main.ts` through swc-node (no build needed) instead of `dist/main.js`. */
  fromSource: boolean;
  /** Where each process's output goes (`app-<i>.log`); discarded when undefined. */
  logDir?: string;
  startTimeoutMs: number;
}

interface Started {
  child: ChildProcess;
  url: string;
  log?: WriteStream;
}

/** App processes of a stress run, each on a free port of 127.0.0.1. */
export class AppProcesses {
  private constructor(private readonly started: Started[]) {}

  get urls(): string[] {
    return this.started.map((app) => app.url);
  }

  /**
   * The first process alone (it creates the database and runs the migrations), then the others
   * together: concurrent migrations on one fresh database would race.
   */
  static async start(options: AppProcessOptions): Promise<AppProcesses> {
    const started: Started[] = [];
    const processes = new AppProcesses(started);
    try {
      started.push(await startOne(options, 0));
      const rest = Array.from({ length: options.count - 1 }, (_, index) =>
        startOne(options, index + 1),
      );
      const results = await Promise.allSettled(rest);
      for (const result of results) if (result.status === 'fulfilled') started.push(result.value);
      const failure = results.find((result) => result.status === 'rejected');
      if (failure) throw failure.reason;
      return processes;
    } catch (error) {
      await processes.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.started.map((app) => stopOne(app)));
    this.started.length = 0;
  }
}

async function startOne(options: AppProcessOptions, index: number): Promise<Started> {
  const port = await freePort();
  const entry = options.fromSource
    ? ['--import', '@swc-node/register/esm-register', 'src/main.ts']
    : ['dist/main.js'];
  const env: Record<string, string> = { ...inheritedEnv(), ...options.env, PORT: String(port) };
  const child = spawn(process.execPath, entry, {
    cwd: REPOSITORY_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = options.logDir
    ? createWriteStream(join(options.logDir, `app-${index}.log`), { flags: 'a' })
    : undefined;
  const tail: string[] = [];
  const collect = (chunk: Buffer) => {
    log?.write(chunk);
    tail.push(chunk.toString('utf8'));
    if (tail.length > 20) tail.shift();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const app: Started = { child, url: `http://127.0.0.1:${port}`, log };
  try {
    await waitHealthy(app, options.startTimeoutMs);
    return app;
  } catch (error) {
    await stopOne(app);
    const output = tail.join('').trim().split('\n').slice(-10).join('\n');
    throw new Error(`app ${index} did not start: ${(error as Error).message}\n${output}`, {
      cause: error,
    });
  }
}

/** The parent's environment minus what would point the app elsewhere than the tool chose. */
function inheritedEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && name !== 'REDIS_CLUSTER_NODES' && name !== 'NODE_OPTIONS') {
      env[name] = value;
    }
  }
  return env;
}

async function waitHealthy(app: Started, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (app.child.exitCode !== null || app.child.signalCode !== null) {
      throw new Error(`exited with ${app.child.exitCode ?? app.child.signalCode}`);
    }
    try {
      const response = await fetch(`${app.url}/health`, { signal: AbortSignal.timeout(1000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new Error(`not healthy within ${timeoutMs} ms`);
}

async function stopOne(app: Started): Promise<void> {
  const { child } = app;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }
  await new Promise((resolve) => (app.log ? app.log.end(resolve) : resolve(undefined)));
}
