import { describe, expect, it } from '@jest/globals';
import { RunningTargets } from './running-targets.js';
import type { StressEnvironment } from './stress-environment.js';
import type { FaultPlan } from '../faults/fault-injector.js';

describe('RunningTargets', () => {
  // never used: running targets take no faults
  const plan = {} as FaultPlan;

  it('drives the given instances, reads their database, never faults them', async () => {
    const targets: StressEnvironment = new RunningTargets({
      targets: ['http://a:3000', 'http://b:3000'],
      targetsDatabase: 'shop',
    });
    expect(targets.urls).toEqual(['http://a:3000', 'http://b:3000']);
    expect(targets.mysql?.database).toBe('shop');
    expect(targets.revision).toBeUndefined();
    expect(targets.faultInjector(plan)).toBeUndefined();
    await expect(targets.close()).resolves.toBeUndefined();
  });

  it('has no database to compare with unless one is named', () => {
    expect(new RunningTargets({ targets: ['http://a:3000'] }).mysql).toBeUndefined();
  });
});
