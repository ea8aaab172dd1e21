import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContendedTask } from './contended-worker.js';

const WORKER = fileURLToPath(new URL('./contended-worker.ts', import.meta.url));

/**
 * Separate Node processes, each with its own lock instances and Redis connections, as app
 * instances are. (Instances in one process would share its event loop, which reads the
 * release messages of all of them in a fixed order and so always favours the same one.)
 */
export class LockProcesses {
  private constructor(private readonly children: readonly ChildProcess[]) {}

  static async start(count: number, url: string, prefix: string): Promise<LockProcesses> {
    const children = Array.from({ length: count }, () =>
      fork(WORKER, [url, prefix], { execArgv: ['--import', '@swc-node/register/esm-register'] }),
    );
    await Promise.all(children.map((child) => nextMessage(child)));
    return new LockProcesses(children);
  }

  get count(): number {
    return this.children.length;
  }

  /** Runs the task in every process at once; each waiter's count, all processes together. */
  async contended(task: ContendedTask): Promise<number[]> {
    const results = this.children.map((child) => nextMessage<number[]>(child));
    for (const child of this.children) child.send(task);
    return (await Promise.all(results)).flat();
  }

  close(): void {
    for (const child of this.children) if (child.connected) child.send('close');
  }
}

function nextMessage<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: unknown): void => {
      child.off('exit', onExit);
      resolve(message as T);
    };
    const onExit = (code: number | null): void => {
      child.off('message', onMessage);
      reject(new Error(`lock bench process exited with ${code}`));
    };
    child.once('message', onMessage);
    child.once('exit', onExit);
  });
}
