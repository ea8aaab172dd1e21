import type { Socket } from 'node:net';
import type { RedisLike } from './lock-scripts.js';

/** Fewer calls than this in one batch go straight out: holding them back costs more than it saves. */
export const MIN_BATCH = 8;

/** A socket corked in this tick: the commands it holds, and how many it holds before it sends. */
interface Corked {
  readonly socket: Socket;
  held: number;
  sendAt: number;
}

/** The sockets corked in this tick (a handful: one per node), uncorked together when it ends. */
const corked: Corked[] = [];

function uncorkAll(): void {
  for (const { socket } of corked) socket.uncork();
  corked.length = 0;
}

const half = (calls: number): number => Math.ceil(calls / 2);

/**
 * Holds back the writes to a standalone node's socket and sends them in a few `writev`s: the
 * first half of a `batch` of calls (the replies of one read, whose continuations send their next
 * commands in this tick, or the calls in flight) in one, the rest when the tick has run its
 * callbacks and microtasks. Every command then shares a syscall with others instead of costing
 * one: the socket writes were most of the lock's CPU per operation (`docs/benchmarks.md`,
 * "Lock"). The first half leaves before the rest is built, so Redis works on it meanwhile: held
 * to the end of the tick, the whole batch made this process and Redis wait for each other in
 * turn, which on a machine they share cost up to half the throughput (`docs/lock.md`, "Fewer
 * socket writes"). A batch that grows in the tick (a burst of new calls) is sent in growing
 * halves of what is in flight.
 *
 * No command is delayed beyond the tick that sent it (a `nextTick` scheduled from a microtask
 * runs once the microtask queue is empty), and the order of the commands on the connection is
 * unchanged, so other users of the client are unaffected but for sharing the write. Not for a
 * Cluster, whose node connections are its own, nor for a connection that is not ready (its
 * commands wait in ioredis's offline queue, not on the socket). Called before the command's
 * write.
 */
export function coalesceWrites(client: RedisLike, batch: number): void {
  if (corked.length === 0 && batch < MIN_BATCH) return;
  if (client.status !== 'ready' || !('stream' in client)) return;
  const socket = client.stream;
  const entry = corked.find((c) => c.socket === socket);
  if (entry) {
    if (entry.held >= entry.sendAt) {
      // The held half goes out; this command starts the next one.
      socket.uncork();
      socket.cork();
      entry.held = 0;
      entry.sendAt = Math.max(entry.sendAt, half(batch));
    }
    entry.held++;
    return;
  }
  if (batch < MIN_BATCH) return;
  // The first socket corked in this tick schedules the uncork of all of them.
  if (corked.length === 0) process.nextTick(uncorkAll);
  socket.cork();
  corked.push({ socket, held: 1, sendAt: half(batch) });
}
