import { describe, expect, it } from '@jest/globals';
import { HistoryBuilder } from './history-builder.js';
import { measureStaleness } from './staleness.js';

const none = { staleReads: 0, maxMs: 0 };

describe('measureStaleness', () => {
  it('counts nothing in a history where every read sees the writes before it', () => {
    const history = new HistoryBuilder()
      .write(0, 10, 2)
      .read(11, 12, 2)
      .externalWrite(13, 20, 3)
      .read(15, 16, 2) // overlaps the out-of-band write: either answer is legal
      .read(21, 22, 3);
    expect(measureStaleness(history.operations)).toEqual({
      inApp: none,
      external: none,
    });
  });

  it('measures from the first missed write, and splits by who wrote', () => {
    const history = new HistoryBuilder()
      .externalWrite(0, 10, 2)
      .externalWrite(11, 20, 3)
      .read(25, 26, 1) // missed both: stale since the first completed, 15 ms
      .read(27, 28, 2) // missed the second: 7 ms
      .write(30, 40, 4)
      .read(50, 51, 3); // missed an in-app write: 10 ms
    expect(measureStaleness(history.operations)).toEqual({
      inApp: { staleReads: 1, maxMs: 10 },
      external: { staleReads: 2, maxMs: 15 },
    });
  });

  it('blames the app when a read missed an in-app write as well as out-of-band ones', () => {
    const history = new HistoryBuilder()
      .externalWrite(0, 10, 2)
      .write(11, 20, 3)
      .externalWrite(21, 30, 4)
      .read(35, 36, 1);
    expect(measureStaleness(history.operations)).toEqual({
      inApp: { staleReads: 1, maxMs: 15 },
      external: none,
    });
  });

  it('takes no write of unknown outcome as evidence, and keeps keys apart', () => {
    const other = new HistoryBuilder('other').externalWrite(0, 1, 9);
    const history = new HistoryBuilder()
      .write(0, 10, undefined, undefined, 'unknown')
      .read(20, 21, 1);
    expect(measureStaleness([...history.operations, ...other.operations])).toEqual({
      inApp: none,
      external: none,
    });
  });
});
