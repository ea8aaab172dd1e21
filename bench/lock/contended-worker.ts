/**
 * One app process of the multi-process contended benchmark (`lock-processes.ts`): its own
 * clients and lock instances of every library; runs the waiters it is told to and sends back
 * their counts.
 */
import { connected, contenders } from './contenders.js';
import { contended } from './measure.js';

export interface ContendedTask {
  library: number;
  resource: string;
  waiters: number;
  holdMs: number;
  durationMs: number;
}

const [url, prefix] = process.argv.slice(2);
const all = contenders(url, prefix);
await connected(all);
process.on('message', (task: ContendedTask | 'close') => {
  if (task === 'close') {
    for (const contender of all) contender.close();
    process.disconnect();
    return;
  }
  void contended(all[task.library], task.resource, task.waiters, task.holdMs, task.durationMs).then(
    (counts) => process.send!(counts),
  );
});
process.send!('ready');
