import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ContendedTask } from './contended-worker.js';
import type { Slice, Slicer } from './measure.js';
import type { SoloTask } from './uncontended-worker.js';

const CONTENDED = fileURLToPath(new URL('./contended-worker.ts', import.meta.url));
const UNCONTENDED = fileURLToPath(new URL('./uncontended-worker.ts', import.meta.url));

/**
 * Separate Node processes, each with its own lock instances and Redis connections, as app
 * instances are. (Instances in one process would share its event loop, which reads the
 * release messages of all of them in a fixed order and so always favours the same one.)
 */
export class LockProcesses {
  private constructor(private readonly children: readonly ChildProcess[]) {}

  static async start(count: number, url: string, prefix: string): Promise<LockProcesses> {
    const children = Array.from({ length: count }, () => start(CONTENDED, [url, prefix]));
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

/**
 * The uncontended contenders, each in a process of its own, all started alike and alive for the
 * whole run; the caller drives them one slice at a time, so that they take turns as in one
 * process, and each measures its slice (time, its own CPU) itself.
 */
export class SoloProcesses {
  private constructor(private readonly children: readonly ChildProcess[]) {}

  /** One process for each of the first `count` contenders (`uncontended-worker.ts`). */
  static async start(count: number, url: string, prefix: string): Promise<SoloProcesses> {
    const children = Array.from({ length: count }, (_, index) =>
      start(UNCONTENDED, [url, prefix, String(index)]),
    );
    await Promise.all(children.map((child) => nextMessage(child)));
    return new SoloProcesses(children);
  }

  get slicers(): Slicer[] {
    return this.children.map((child) => ({
      warm: async (resources, perLoop) => {
        await ask(child, { kind: 'warm', resources, perLoop });
      },
      slice: (resources, perLoop) => ask<Slice>(child, { kind: 'slice', resources, perLoop }),
    }));
  }

  close(): void {
    for (const child of this.children) if (child.connected) child.send('close' satisfies SoloTask);
  }
}

function start(script: string, args: string[]): ChildProcess {
  // `node --expose-gc` passes on: the children collect garbage before each slice, as the parent.
  const gc = process.execArgv.includes('--expose-gc') ? ['--expose-gc'] : [];
  return fork(script, args, { execArgv: ['--import', '@swc-node/register/esm-register', ...gc] });
}

function ask<T>(child: ChildProcess, task: SoloTask): Promise<T> {
  const answer = nextMessage<T>(child);
  child.send(task);
  return answer;
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
