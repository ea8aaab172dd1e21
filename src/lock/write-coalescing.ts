import type { Socket } from 'node:net';
import type { RedisLike } from './lock-scripts.js';

/** The sockets corked in this tick, uncorked together when it ends (a handful: one per node). */
const corked: Socket[] = [];
let uncorkScheduled = false;

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.length = 0;
}

/**
 * Holds back the writes to a standalone node's socket until the current tick has run its
 * callbacks and microtasks, then sends them in one `writev`. Every acquire and release started
 * in the same tick (say, the continuations of replies that arrived in one read) then costs one
 * syscall together instead of one each: the socket writes were most of the lock's CPU per
 * operation (`docs/benchmarks.md`, "Lock"). ioredis's `enableAutoPipelining` batches too, but it
 * holds every command until `setImmediate`, a lone one included (26–29 % slower at 1 in flight).
 *
 * No command is delayed beyond the tick that sent it (a `nextTick` scheduled from a microtask
 * runs once the microtask queue is empty), and the order of the commands on the connection is
 * unchanged, so other users of the client are unaffected but for sharing the write. Not for a
 * Cluster, whose node connections are its own, nor for a connection that is not ready (its
 * commands wait in ioredis's offline queue, not on the socket).
 */
export function coalesceWrites(client: RedisLike): void {
  if (client.status !== 'ready' || !('stream' in client)) return;
  const socket = client.stream;
  if (corked.includes(socket)) return;
  socket.cork();
  corked.push(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    process.nextTick(uncorkAll);
  }
}
