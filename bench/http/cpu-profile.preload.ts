// Preloaded with `--import` into an app process of the HTTP benchmark (HTTP_BENCH_PROFILE):
// profiles the CPU from start-up and writes `<CPU_PROFILE_DIR>/app-<pid>.cpuprofile` on
// SIGTERM, before Nest's own shutdown (Node's --cpu-prof writes nothing when a signal ends the
// process, which is how Nest exits).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { join } from 'node:path';

const dir = process.env.CPU_PROFILE_DIR;
const session = new Session();
session.connect();
session.post('Profiler.enable', () => {
  session.post('Profiler.setSamplingInterval', { interval: 200 }, () => {
    session.post('Profiler.start');
  });
});
process.prependListener('SIGTERM', () => {
  session.post('Profiler.stop', (error, result) => {
    if (error !== null || !dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `app-${process.pid}.cpuprofile`), JSON.stringify(result.profile));
  });
});
