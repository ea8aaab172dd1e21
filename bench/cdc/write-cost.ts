import { performance } from 'node:perf_hooks';
import type { CdcBenchServer } from './cdc-bench-server.js';

export interface WriteSide {
  label: string;
  server: CdcBenchServer;
  /** CPU used so far by the other processes of this side (those that only tail), µs. */
  othersCpuMicros?: () => number;
}

export interface WriteThroughput {
  label: string;
  writes: number;
  writesPerSecond: number;
  /** CPU of this process (the app and its stream) per write, µs. */
  cpuMicrosPerWrite: number;
  /** CPU of the side's other processes (tailing only) per write, µs. */
  othersCpuMicrosPerWrite: number;
}

/**
 * In-app writes (the demo's update, `PUT /users/:userId` without HTTP: a read-modify-write
 * transaction under the cache's write protocol), `inFlight` loops each on rows of its own, for
 * `sliceMs` per side in turn, the order rotating each round so that all sides see the same
 * noise. Between slices the stream catches up, untimed: its work on one side's writes is not
 * billed to the next side.
 */
export async function interleavedWrites(
  sides: readonly WriteSide[],
  options: { rounds: number; sliceMs: number; inFlight: number },
): Promise<WriteThroughput[]> {
  const totals = sides.map(() => ({ writes: 0, ms: 0, cpuMicros: 0, othersCpuMicros: 0 }));
  let level = 1;
  const slice = async (side: WriteSide) => {
    const { server } = side;
    const others = side.othersCpuMicros?.() ?? 0;
    const cpu = process.cpuUsage();
    const started = performance.now();
    const until = started + options.sliceMs;
    let writes = 0;
    await Promise.all(
      Array.from({ length: options.inFlight }, async (_, loop) => {
        for (let i = loop; performance.now() < until; i += options.inFlight) {
          const userId = server.userIds[i % server.userIds.length];
          await server.app.update(userId, { userLevel: ++level });
          writes++;
        }
      }),
    );
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    const othersCpuMicros = (side.othersCpuMicros?.() ?? 0) - others;
    await server.caughtUp();
    return { writes, ms, cpuMicros: used.user + used.system, othersCpuMicros };
  };
  for (const side of sides) await slice(side); // warm-up
  for (let round = 0; round < options.rounds; round++) {
    for (let k = 0; k < sides.length; k++) {
      const index = (round + k) % sides.length;
      const spent = await slice(sides[index]);
      totals[index].writes += spent.writes;
      totals[index].ms += spent.ms;
      totals[index].cpuMicros += spent.cpuMicros;
      totals[index].othersCpuMicros += spent.othersCpuMicros;
    }
  }
  return sides.map((side, index) => ({
    label: side.label,
    writes: totals[index].writes,
    writesPerSecond: totals[index].writes / (totals[index].ms / 1000),
    cpuMicrosPerWrite: totals[index].cpuMicros / totals[index].writes,
    othersCpuMicrosPerWrite: totals[index].othersCpuMicros / totals[index].writes,
  }));
}
