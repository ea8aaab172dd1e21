import { SingleFlight } from './single-flight.js';

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SingleFlight', () => {
  it('lets concurrent callers of one key share one piece of work', async () => {
    const flights = new SingleFlight<number>();
    const done = deferred<number>();
    let runs = 0;
    const work = () => {
      runs++;
      return done.promise;
    };
    const calls = [flights.run('k', work), flights.run('k', work), flights.run('k', work)];
    done.resolve(7);
    expect(await Promise.all(calls)).toEqual([7, 7, 7]);
    expect(runs).toBe(1);
  });

  it('starts new work for callers arriving after the flight was sealed', async () => {
    const flights = new SingleFlight<string>();
    const first = deferred<string>();
    const a = flights.run('k', ({ seal }) => {
      seal();
      return first.promise;
    });
    const b = flights.run('k', () => Promise.resolve('second'));
    first.resolve('first');
    expect([await a, await b]).toEqual(['first', 'second']);
  });

  it('forgets a finished or failed flight', async () => {
    const flights = new SingleFlight<number>();
    await expect(flights.run('k', () => Promise.reject(new Error('boom')))).rejects.toThrow();
    expect(await flights.run('k', () => Promise.resolve(2))).toBe(2);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight<string>();
    const [a, b] = await Promise.all([
      flights.run('a', () => Promise.resolve('a')),
      flights.run('b', () => Promise.resolve('b')),
    ]);
    expect([a, b]).toEqual(['a', 'b']);
  });
});
