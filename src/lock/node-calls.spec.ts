import { NodeTimeoutError } from './lock.errors.js';
import type { LockClient } from './lock-scripts.js';
import type { LockNode } from './lock-votes.js';
import { callNodes } from './node-calls.js';

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
