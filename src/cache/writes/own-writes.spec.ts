import { jest } from '@jest/globals';
import type { DataSource, QueryRunner } from 'typeorm';
import { OwnWrites } from './own-writes.js';

function ownWrites(): OwnWrites {
  const own = new OwnWrites({ subscribers: [] } as unknown as DataSource);
  own.enable('SET SESSION session_track_system_variables = last_gtid');
  return own;
}

const runner = {} as QueryRunner;

describe('OwnWrites', () => {
  it('is off until enabled: nothing is tracked or remembered', async () => {
    const own = new OwnWrites({ subscribers: [] } as unknown as DataSource);
    expect(own.committing(['u:1'])).toBeUndefined();
    expect(await own.invalidated('0-1-5', ['u:1'], 10)).toEqual(new Set());
  });

  it('keeps the GTID of the last query, and forgets it after a query that reported none', () => {
    const own = ownWrites();
    const gtid = (last_gtid?: string) => ({ stateChanges: { systemVariables: { last_gtid } } });
    own.afterQuery({ queryRunner: runner, rawResults: gtid('0-1-7') } as never);
    expect(own.lastGtid(runner)).toBe('0-1-7');
    own.afterQuery({ queryRunner: runner, rawResults: [] } as never);
    expect(own.lastGtid(runner)).toBeUndefined();
  });

  it('a final write-end remembers its rows under the commit GTID, once', async () => {
    const own = ownWrites();
    own.committing(['u:1', 'u:2'])!.done('0-1-5');
    expect(await own.invalidated('0-1-5', ['u:1', 'u:2', 'u:3'], 10)).toEqual(
      new Set(['u:1', 'u:2']),
    );
    // A replay of the same transaction is invalidated again.
    expect(await own.invalidated('0-1-5', ['u:1'], 10)).toEqual(new Set());
  });

  it('another transaction of the same rows is never taken for it', async () => {
    const own = ownWrites();
    own.committing(['u:1'])!.done('0-1-5');
    expect(await own.invalidated('0-1-6', ['u:1'], 10)).toEqual(new Set());
    expect(await own.invalidated(undefined, ['u:1'], 10)).toEqual(new Set());
  });

  it('a write-end that was not final (no GTID) remembers nothing', async () => {
    const own = ownWrites();
    own.committing(['u:1'])!.done(undefined);
    expect(await own.invalidated('0-1-5', ['u:1'], 10)).toEqual(new Set());
  });

  it('an event that comes while its write is still ending waits for that end', async () => {
    const own = ownWrites();
    const ending = own.committing(['u:1'])!;
    const answer = own.invalidated('0-1-5', ['u:1'], 60_000);
    let answered = false;
    void answer.then(() => (answered = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(answered).toBe(false);
    ending.done('0-1-5');
    expect(await answer).toEqual(new Set(['u:1']));
  });

  it('rows added to an ending write are waited for and remembered too', async () => {
    const own = ownWrites();
    const ending = own.committing(['u:1'])!;
    ending.add(['u:2']);
    const answer = own.invalidated('0-1-5', ['u:2'], 60_000);
    ending.done('0-1-5');
    expect(await answer).toEqual(new Set(['u:1', 'u:2']));
  });

  it('a write that does not end in time is not waited for longer', async () => {
    const own = ownWrites();
    own.committing(['u:1']);
    expect(await own.invalidated('0-1-5', ['u:1'], 5)).toEqual(new Set());
  });

  it('a write that never reported its end is given up after a minute, then never waited for', async () => {
    const own = ownWrites();
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      own.committing(['u:1']); // its COMMIT failed with the connection: no end is reported
      clock.mockReturnValue(now + 60_001);
      const waiting = jest.fn(() => Promise.resolve());
      expect(await own.invalidated('0-1-5', ['u:1'], 60_000, waiting)).toEqual(new Set());
      expect(waiting).not.toHaveBeenCalled();
    } finally {
      clock.mockRestore();
    }
  });
});
