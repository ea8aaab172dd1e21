import { describe, expect, it } from '@jest/globals';
import type { DataSource, ReplicationMode } from 'typeorm';
import { PrimaryReads } from './primary-reads.js';

/** A DataSource stand-in that records the mode of every query runner asked for. */
function fakeDataSource(replicated: boolean) {
  const modes: ReplicationMode[] = [];
  const dataSource = {
    options: replicated ? { replication: { master: {}, slaves: [{}] } } : {},
    createQueryRunner(mode: ReplicationMode = 'master') {
      modes.push(mode);
      return {};
    },
  };
  return { dataSource: dataSource as unknown as DataSource, modes };
}

describe('PrimaryReads', () => {
  it('makes a replica query runner the primary’s inside run(), across awaits', async () => {
    const { dataSource, modes } = fakeDataSource(true);
    const primary = new PrimaryReads(dataSource);
    await primary.run(async () => {
      dataSource.createQueryRunner('slave');
      await Promise.resolve();
      dataSource.createQueryRunner('slave');
    });
    expect(modes).toEqual(['master', 'master']);
  });

  it('leaves every other query runner as asked', () => {
    const { dataSource, modes } = fakeDataSource(true);
    new PrimaryReads(dataSource);
    dataSource.createQueryRunner('slave');
    dataSource.createQueryRunner();
    expect(modes).toEqual(['slave', 'master']);
  });

  it('changes nothing on a DataSource without replication', () => {
    const { dataSource } = fakeDataSource(false);
    const original = Reflect.get(dataSource, 'createQueryRunner') as unknown;
    const primary = new PrimaryReads(dataSource);
    expect(primary.replicated).toBe(false);
    expect(primary.run(() => 42)).toBe(42);
    expect(Reflect.get(dataSource, 'createQueryRunner')).toBe(original);
  });
});
