/**
 * One contender of the uncontended benchmark in a Node process of its own (`SoloProcesses` in
 * `lock-processes.ts`): no other library's garbage, timers or JIT feedback share its heap. Runs
 * the warm-ups and slices it is told to and sends back what each slice measured.
 */
import { bounds, connected, contenders } from './contenders.js';
import { slice, warm } from './measure.js';

export type SoloTask =
  { kind: 'warm' | 'slice'; resources: readonly string[]; perLoop: number } | 'close';

const [url, prefix, which] = process.argv.slice(2);
const { floor, commands, ceiling } = bounds(url, prefix);
const all = [...contenders(url, prefix), floor, commands];
const mine = all[Number(which)];
// Only this one's client stays connected (clients connect at once; the others close unused).
for (const contender of [...all, ceiling]) if (contender !== mine) contender.close();
await connected([mine]);
process.on('message', (task: SoloTask) => {
  if (task === 'close') {
    mine.close();
    process.disconnect();
    return;
  }
  const done =
    task.kind === 'warm'
      ? warm(mine, task.resources, task.perLoop).then(() => 'warm')
      : slice(mine, task.resources, task.perLoop);
  void done.then((result) => process.send!(result));
});
process.send!('ready');
