import type { EventEmitter } from 'node:events';
import request from 'supertest';
import { CacheUnavailableError } from '../../src/cache/index.js';
import { RedisServer } from '../../support/redis-server.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';
import { holdOnce, Gate } from './support/gate.js';
import { cacheStaleness } from './support/staleness.js';

describe('6. Redis unavailable (a redis-server of the test own)', () => {
  let server: RedisServer;
  let t: CacheTestApp;
  beforeAll(async () => {
    server = await RedisServer.start();
    // A short retry of write-begin: the writes refused while the server is down answer sooner.
    t = await createCacheTestApp(
      { REDIS_URL: server.url, REDIS_COMMAND_TIMEOUT_MS: '100' },
      { writeBeginRetryMs: 200 },
    );
  });
  afterAll(async () => {
    await t.close();
    await server.stop();
  });

  const counter = (result: string) =>
    t.counter('cache_requests_total', { entity: 'UserAuthInfo', result });

  it('reads answer from MySQL, writes answer 503 without touching MySQL, and no stale row after', async () => {
    const http = request(t.app.getHttpServer());
    await http.post('/users').send({ userId: 'down-1', userLevel: 1 }).expect(201);
    await http.get('/users/down-1').expect(200); // cached

    const closed = connectionEvent(t.redis, 'close');
    await server.kill();
    await closed;

    const unavailable = await counter('unavailable');
    const read = await http.get('/users/down-1').expect(200);
    expect(read.body).toMatchObject({ userLevel: 1 });
    await http.get('/users/down-1?userLevel=2').expect(404); // the filter still applies
    expect(await counter('unavailable')).toBe(unavailable + 2);

    const write = await http.put('/users/down-1').send({ userLevel: 5 }).expect(503);
    expect(write.headers['retry-after']).toBe('1');
    expect(write.body).toEqual({
      statusCode: 503,
      message: expect.stringMatching(/Redis is unreachable/),
      error: 'Service Unavailable',
    });
    await http.post('/users').send({ userId: 'down-2', userLevel: 1 }).expect(503);
    await http.delete('/users/down-1').expect(503);
    expect(await t.mysqlLevel('down-1')).toBe(1);
    expect(await t.mysqlLevel('down-2')).toBeNull();

    await server.restart();
    if (t.redis.status !== 'ready') await connectionEvent(t.redis, 'ready');
    await http.put('/users/down-1').send({ userLevel: 6 }).expect(200);
    expect((await http.get('/users/down-1').expect(200)).body).toMatchObject({ userLevel: 6 });
    expect(await cacheStaleness(t, 'down-1')).toBe('consistent');
  });

  it('a stalled Redis (DEBUG SLEEP) answers reads from MySQL and refuses writes, within the command timeout', async () => {
    await t.users.insert({ userId: 'stalled', userLevel: 1, nickname: null });
    await t.users.findByUserId('stalled'); // cached
    const unavailable = await counter('unavailable');
    let stalled = true;
    const pause = server.pause(3000).finally(() => (stalled = false));
    // Until the first command times out: then the DEBUG SLEEP has begun.
    while (
      await t.redis.ping().then(
        () => true,
        () => false,
      )
    );
    expect(await t.users.findByUserId('stalled')).toMatchObject({ userLevel: 1 });
    await expect(t.users.update('stalled', { userLevel: 2 })).rejects.toBeInstanceOf(
      CacheUnavailableError,
    );
    expect(stalled).toBe(true); // both answered while Redis was still asleep
    expect(await counter('unavailable')).toBe(unavailable + 1);
    expect(await t.mysqlLevel('stalled')).toBe(1);
    await pause;
    expect(await t.users.update('stalled', { userLevel: 3 })).toMatchObject({ userLevel: 3 });
    expect(await t.users.findByUserId('stalled')).toMatchObject({ userLevel: 3 });
  });

  it('write-begin is retried across a dropped connection instead of refusing the write', async () => {
    await t.users.insert({ userId: 'begin-retried', userLevel: 1, nickname: null });
    const closed = connectionEvent(t.redis, 'close');
    t.redis.disconnect(); // no offline queue: every command fails until it reconnects
    await closed;
    await expect(t.redis.get('anything')).rejects.toThrow();
    const write = t.users.update('begin-retried', { userLevel: 2 });
    t.redis.connect().catch(() => undefined);
    expect(await write).toMatchObject({ userLevel: 2 }); // within writeBeginRetryMs
    expect(await t.users.findByUserId('begin-retried')).toMatchObject({ userLevel: 2 });
    expect(await cacheStaleness(t, 'begin-retried')).toBe('consistent');
  });

  it('Redis restarts while a writer’s transaction is open: the pre-commit row a reader fills is removed before the write is acknowledged', async () => {
    await t.users.insert({ userId: 'restart-mid-tx', userLevel: 1, nickname: null });
    await t.users.findByUserId('restart-mid-tx');
    const keys = t.userKeys('restart-mid-tx');
    const commit = new Gate();
    const ended = new Gate();
    t.probe.install({ beforeCommit: holdOnce(commit, keys.row) });
    let acknowledged = false;
    const write = t.users.update('restart-mid-tx', { userLevel: 2 }).then((row) => {
      acknowledged = true;
      return row;
    });
    await commit.reached; // the UPDATE ran; the writer is in the marker
    expect(await t.redis.zcard(keys.lock)).toBe(1);

    const closed = connectionEvent(t.redis, 'close');
    await server.restart(); // empty: the marker and the row are gone
    await closed;
    if (t.redis.status !== 'ready') await connectionEvent(t.redis, 'ready');
    expect(await t.redis.exists(keys.lock)).toBe(0);
    // Nothing holds readers off now: one loads the committed, pre-write row and fills it.
    expect(await t.users.findByUserId('restart-mid-tx')).toMatchObject({ userLevel: 1 });
    expect(await t.redis.exists(keys.row)).toBe(1);

    t.probe.install({ afterCommit: holdOnce(ended, keys.row) });
    commit.open();
    await ended.reached; // committed, write-end not yet run
    expect(acknowledged).toBe(false);
    ended.open();
    expect(await write).toMatchObject({ userLevel: 2 });
    expect(await t.redis.exists(keys.row)).toBe(0); // write-end removed the pre-commit fill
    expect(await t.users.findByUserId('restart-mid-tx')).toMatchObject({ userLevel: 2 });
    expect(await cacheStaleness(t, 'restart-mid-tx')).toBe('consistent');
  });

  it('a post-commit invalidation that fails is retried until Redis answers, before the write is acknowledged', async () => {
    await t.users.insert({ userId: 'end-retried', userLevel: 1, nickname: null });
    await t.users.findByUserId('end-retried');
    const keys = t.userKeys('end-retried');
    const committed = new Gate();
    const endFailed = new Gate();
    t.probe.install({
      afterCommit: holdOnce(committed, keys.row),
      afterWriteEndFailure: holdOnce(endFailed, keys.row),
    });
    const failures = () =>
      t.counter('cache_invalidation_failures_total', { entity: 'UserAuthInfo' });
    const before = await failures();

    let acknowledged = false;
    const write = t.users.update('end-retried', { userLevel: 2 }).then((row) => {
      acknowledged = true;
      return row;
    });
    await committed.reached;
    const closed = connectionEvent(t.redis, 'close');
    t.redis.disconnect(); // the connection drops between commit and write-end
    await closed;
    committed.open();
    await endFailed.reached; // write-end failed once; the write is held until it succeeds
    expect(acknowledged).toBe(false);
    t.redis.connect().catch(() => undefined);
    if (t.redis.status !== 'ready') await connectionEvent(t.redis, 'ready');
    endFailed.open();
    expect(await write).toMatchObject({ userLevel: 2 });
    t.probe.install({});
    expect(await failures()).toBe(before);
    expect(await t.redis.exists(keys.lock)).toBe(0); // left by the retried write-end
    expect(await t.users.findByUserId('end-retried')).toMatchObject({ userLevel: 2 });
    expect(await cacheStaleness(t, 'end-retried')).toBe('consistent');
  });

  it('past the retry bound the write still succeeds; its marker entry keeps readers off the cache', async () => {
    await t.users.insert({ userId: 'end-fails', userLevel: 1, nickname: null });
    await t.users.findByUserId('end-fails');
    const keys = t.userKeys('end-fails');
    const committed = new Gate();
    t.probe.install({ afterCommit: holdOnce(committed, keys.row) });
    const failures = () =>
      t.counter('cache_invalidation_failures_total', { entity: 'UserAuthInfo' });
    const before = await failures();
    const retryMs = t.options.invalidationRetryMs;
    t.options.invalidationRetryMs = 50;

    try {
      const write = t.users.update('end-fails', { userLevel: 2 });
      await committed.reached;
      const closed = connectionEvent(t.redis, 'close');
      t.redis.disconnect(); // the connection drops between commit and write-end, for good
      await closed;
      committed.open();
      expect(await write).toMatchObject({ userLevel: 2 });
      expect(await failures()).toBe(before + 1);
    } finally {
      t.options.invalidationRetryMs = retryMs;
      t.probe.install({});
    }

    t.redis.connect().catch(() => undefined);
    if (t.redis.status !== 'ready') await connectionEvent(t.redis, 'ready');
    expect(await t.redis.exists(keys.lock)).toBe(1); // left behind, with its TTL
    const bypass = await counter('bypass');
    expect(await t.users.findByUserId('end-fails')).toMatchObject({ userLevel: 2 });
    expect(await counter('bypass')).toBe(bypass + 1);
    expect(await t.redis.exists(keys.row)).toBe(0); // no fill while the lock exists
  });

  it('under concurrent reads and writes, a kill and a restart leave no stale row and no failed write applied', async () => {
    const userIds = ['mid-1', 'mid-2', 'mid-3'];
    for (const userId of userIds) await t.users.insert({ userId, userLevel: 0, nickname: null });
    const refused = new Set<number>();
    let level = 0;
    let stop = false;
    const worker = async (userId: string) => {
      while (!stop) {
        const next = ++level;
        try {
          await t.users.update(userId, { userLevel: next });
        } catch (error) {
          if (!(error instanceof CacheUnavailableError)) throw error;
          refused.add(next);
        }
        const row = await t.users.findByUserId(userId);
        expect(row?.userId).toBe(userId);
      }
    };
    const workers = userIds.map((userId) => worker(userId));
    const until = (n: number) =>
      new Promise<void>((resolve) => {
        const check = () => (level >= n ? resolve() : setImmediate(check));
        check();
      });

    await until(level + 30);
    const closed = connectionEvent(t.redis, 'close');
    await server.kill();
    await closed;
    await until(level + 30); // writes refused, reads from MySQL
    await server.restart();
    if (t.redis.status !== 'ready') await connectionEvent(t.redis, 'ready');
    const refusedBefore = refused.size;
    await until(level + 30);
    stop = true;
    await Promise.all(workers);

    expect(refusedBefore).toBeGreaterThan(0);
    for (const userId of userIds) {
      const [{ user_level: stored }] = await t.dataSource.query<{ user_level: number }[]>(
        'SELECT user_level FROM t_user_auth_info WHERE user_id = ?',
        [userId],
      );
      expect(refused.has(stored)).toBe(false);
      expect(await cacheStaleness(t, userId)).toBe('consistent');
      expect(await t.users.findByUserId(userId)).toMatchObject({ userLevel: stored });
    }
  });
});

/**
 * The next `close` or `ready` of a client. Unlike `events.once`, it does not reject on the
 * `error` events (ECONNRESET, ECONNREFUSED) that a killed or restarting server causes meanwhile.
 */
function connectionEvent(client: EventEmitter, name: 'close' | 'ready'): Promise<void> {
  return new Promise((resolve) => client.once(name, () => resolve()));
}
