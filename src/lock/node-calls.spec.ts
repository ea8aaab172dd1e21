import type { LockClient } from './lock-scripts.js';
import { callNodes, NodeTimeoutError, type LockNode } from './node-calls.js';

const nodes: LockNode[] = ['a', 'b', 'c'].map((name) => ({
  name,
  client: { name } as unknown as LockClient,
}));
const nameOf = (client: LockClient): string => (client as unknown as { name: string }).name;

describe('callNodes', () => {
  it('answers per node, in node order, errors included', async () => {
    const answers = await callNodes(
      nodes,
      (client) =>
        nameOf(client) === 'b'
          ? Promise.reject(new Error('down'))
          : Promise.resolve(nameOf(client)),
      1000,
    );
    expect(answers).toEqual([{ value: 'a' }, { error: new Error('down') }, { value: 'c' }]);
  });

  it('gives a silent node a NodeTimeoutError', async () => {
    const answers = await callNodes(
      nodes,
      (client) =>
        nameOf(client) === 'c' ? new Promise<string>(() => undefined) : Promise.resolve('ok'),
      20,
    );
    expect(answers[2]).toEqual({ error: expect.any(NodeTimeoutError) });
  });

  it('stops as soon as the outcome is decided (fail-fast)', async () => {
    const answers = await callNodes(
      nodes,
      (client) =>
        nameOf(client) === 'c' ? new Promise<string>(() => undefined) : Promise.resolve('ok'),
      60_000,
      (partial) => partial.filter(Boolean).length >= 2,
    );
    expect(answers[0]).toEqual({ value: 'ok' });
    expect(answers[2]).toBeUndefined();
  });
});
