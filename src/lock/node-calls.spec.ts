import { NodeTimeoutError } from './lock.errors.js';
import type { LockClient } from './lock-scripts.js';
import type { LockNode } from './lock-votes.js';
import { callNodes } from './node-calls.js';
import { MIN_BATCH } from './write-coalescing.js';

const nodes: LockNode[] = ['a', 'b', 'c'].map((name) => ({
  name,
  client: { name } as unknown as LockClient,
}));
const nameOf = (client: LockClient): string => (client as unknown as { name: string }).name;
const isOk = (value: string): boolean => value === 'ok';

describe('callNodes', () => {
  it('collects one vote per node, in node order, errors included', async () => {
    const votes = await callNodes(
      nodes,
      2,
      (client) =>
        nameOf(client) === 'b' ? Promise.reject(new Error('down')) : Promise.resolve('ok'),
      isOk,
      1000,
    );
    expect(votes.votes).toEqual([
      { granted: true, value: 'ok' },
      { granted: false, error: new Error('down') },
      { granted: true, value: 'ok' },
    ]);
    expect([votes.granted, votes.refused, votes.failed, votes.won]).toEqual([2, 0, 1, true]);
    expect(votes.failures()).toEqual([{ node: 'b', error: new Error('down') }]);
  });

  it('fails a silent node with a NodeTimeoutError', async () => {
    const votes = await callNodes(
      nodes,
      2,
      (client) =>
        nameOf(client) === 'c' ? new Promise<string>(() => undefined) : Promise.resolve('ok'),
      isOk,
      20,
    );
    expect(votes.votes[2]).toEqual({ granted: false, error: expect.any(NodeTimeoutError) });
    expect((votes.failures()[0].error as NodeTimeoutError).code).toBe('LOCK_NODE_TIMEOUT');
  });

  it('times out each silent call among many pending ones, whichever finishes first', async () => {
    const silent = (): Promise<string> => new Promise<string>(() => undefined);
    const one = [nodes[0]];
    const later = callNodes(one, 1, silent, isOk, 30);
    const answered = callNodes(one, 1, () => Promise.resolve('ok'), isOk, 60_000);
    const sooner = callNodes(one, 1, silent, isOk, 10);
    expect((await answered).won).toBe(true);
    for (const votes of await Promise.all([sooner, later])) {
      expect(votes.votes[0]).toEqual({ granted: false, error: expect.any(NodeTimeoutError) });
    }
  });

  it('stops as soon as the quorum is won or lost (fail-fast)', async () => {
    const silentC = (client: LockClient): Promise<string> =>
      nameOf(client) === 'c' ? new Promise<string>(() => undefined) : Promise.resolve('ok');
    const won = await callNodes(nodes, 2, silentC, isOk, 60_000, true);
    expect([won.won, won.votes[2]]).toEqual([true, undefined]);
    const lost = await callNodes(nodes, 2, silentC, (value) => value !== 'ok', 60_000, true);
    expect([lost.won, lost.lost, lost.refused, lost.votes[2]]).toEqual([false, true, 2, undefined]);
  });

  it('names a quorum unreachable only when too many nodes failed', async () => {
    const refusing = await callNodes(nodes, 2, () => Promise.resolve('no'), isOk, 1000);
    expect([refusing.lost, refusing.unreachable, refusing.mayHaveGranted]).toEqual([
      true,
      false,
      false,
    ]);
    expect(refusing.quorumError(['r'])).toBeUndefined();
    const failing = await callNodes(nodes, 2, () => Promise.reject(new Error('x')), isOk, 1000);
    expect(failing.quorumError(['r'])).toMatchObject({ code: 'LOCK_QUORUM', quorum: 2 });
    expect(failing.mayHaveGranted).toBe(true);
  });
});

describe('callNodes: which calls share a socket write', () => {
  /** A node whose client counts the corks of its socket (`coalesceWrites`). */
  function corkingNode(): { node: LockNode; corks: () => number } {
    let corks = 0;
    const stream = { cork: () => corks++, uncork: () => undefined };
    const client = { status: 'ready', stream } as unknown as LockClient;
    return { node: { name: 'n', client, coalesceWrites: true }, corks: () => corks };
  }
  const tickEnded = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  /** A call that answers 'ok' when told to. */
  function heldCall(node: LockNode): { votes: Promise<unknown>; answer: () => void } {
    let answer!: () => void;
    const votes = callNodes(
      [node],
      1,
      () => new Promise<string>((resolve) => (answer = () => resolve('ok'))),
      isOk,
      1000,
    );
    return { votes, answer };
  }

  it('sends a call straight out when it is alone, even right after another finished', async () => {
    const { node, corks } = corkingNode();
    await callNodes([node], 1, () => Promise.resolve('ok'), isOk, 1000);
    await callNodes([node], 1, () => Promise.resolve('ok'), isOk, 1000);
    expect(corks()).toBe(0);
  });

  it('corks once MIN_BATCH calls are in flight, once per tick', async () => {
    const { node, corks } = corkingNode();
    const calls = Array.from({ length: MIN_BATCH - 1 }, () => heldCall(node));
    expect(corks()).toBe(0);
    calls.push(heldCall(node), heldCall(node));
    expect(corks()).toBe(1);
    for (const call of calls) call.answer();
    await Promise.all(calls.map((call) => call.votes));
  });

  it('corks the call started after MIN_BATCH finished together: their callers follow', async () => {
    const { node, corks } = corkingNode();
    const calls = Array.from({ length: MIN_BATCH }, () => heldCall(node));
    await tickEnded();
    const before = corks();
    for (const call of calls) call.answer(); // the replies of one read
    await Promise.all(calls.map((call) => call.votes));
    const next = heldCall(node); // nothing else in flight, but MIN_BATCH just finished
    expect(corks()).toBe(before + 1);
    await tickEnded();
    next.answer();
    await next.votes;
    const alone = heldCall(node); // only one finished since the last start
    expect(corks()).toBe(before + 1);
    alone.answer();
    await alone.votes;
  });
});
