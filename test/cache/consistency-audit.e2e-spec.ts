import { afterAll, afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { CacheAuditor } from '../../src/cache/testing.js';
import { connectMysql } from '../../support/mysql-server.js';
import { Gate, holdOnce } from './support/gate.js';
import { createCacheTestApp, type CacheTestApp } from './support/cache-test-app.js';

const ENTITY = 'UserAuthInfo';

/**
 * The consistency audit with every hit audited (`CACHE_AUDIT_RATE=1`), awaited through the
 * auditor's `idle()` instead of sleeps (docs/consistency.md, "Consistency audit").
 */
describe('consistency audit', () => {
  let t: CacheTestApp;
  let auditor: CacheAuditor;
  let serial = 0;

  beforeAll(async () => {
    t = await createCacheTestApp({ CACHE_AUDIT_RATE: '1' });
    auditor = t.app.get(CacheAuditor);
  });

  afterAll(() => t?.close());

  afterEach(() => {
    auditor.hooks = {};
    t.options.audit = { ...t.options.audit, concurrency: 4, commitAllowanceMs: 1000 };
  });

  const audits = async () => ({
    consistent: await t.counter('cache_audit_total', { entity: ENTITY, result: 'consistent' }),
    in_flight: await t.counter('cache_audit_total', { entity: ENTITY, result: 'in_flight' }),
    stale: await t.counter('cache_audit_total', { entity: ENTITY, result: 'stale' }),
  });
  const since = async (before: Awaited<ReturnType<typeof audits>>) => {
    const now = await audits();
    return {
      consistent: now.consistent - before.consistent,
      in_flight: now.in_flight - before.in_flight,
      stale: now.stale - before.stale,
    };
  };

  /** A user at version 1, cached (the first read misses and fills). */
  async function cachedUser(): Promise<string> {
    const userId = `audit-${++serial}`;
    await t.users.insert({ userId, userLevel: 1, nickname: null });
    await t.users.findByUserId(userId);
    expect(await t.redis.exists(t.userKeys(userId).row)).toBe(1);
    return userId;
  }

  it('a hit the primary agrees with is consistent', async () => {
    const userId = await cachedUser();
    const before = await audits();
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 1 });
    await auditor.idle();
    expect(await since(before)).toEqual({ consistent: 1, in_flight: 0, stale: 0 });
  });

  it('a cached absence the primary agrees with is consistent', async () => {
    const userId = `audit-none-${++serial}`;
    await t.users.findByUserId(userId); // fills the "no such row" marker
    const before = await audits();
    expect(await t.users.findByUserId(userId)).toBeNull();
    await auditor.idle();
    expect(await since(before)).toEqual({ consistent: 1, in_flight: 0, stale: 0 });
  });

  it('a row overwritten behind the cache’s back is a stale hit, logged with both versions', async () => {
    const userId = await cachedUser();
    const warn = jest.spyOn(Logger.prototype, 'warn');
    // A plain mysql2 UPDATE (no app, no CDC), dated 5 s back: committed well before the hit,
    // beyond the commit allowance, without the test having to wait that long.
    const connection = await connectMysql(t.config.mysql, t.config.mysql.database);
    try {
      await connection.query(
        'UPDATE t_user_auth_info SET version = version + 1, user_level = 9, ' +
          'updated_at = NOW(3) - INTERVAL 5 SECOND WHERE user_id = ?',
        [userId],
      );
    } finally {
      await connection.end();
    }
    const before = await audits();
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 1 }); // the stale hit
    await auditor.idle();
    expect(await since(before)).toEqual({ consistent: 0, in_flight: 0, stale: 1 });
    const line = warn.mock.calls
      .map(([message]) => String(message))
      .find((m) => m.includes(userId));
    warn.mockRestore();
    expect(line).toContain(t.userKeys(userId).row);
    expect(line).toContain('served version 1, the primary has version 2');
    expect(line).not.toContain('user_level');
  });

  it('a write committed after the hit, before the audit’s re-read, is in flight, not stale', async () => {
    t.options.audit = { ...t.options.audit, commitAllowanceMs: 0 };
    const userId = await cachedUser();
    const held = new Gate();
    auditor.hooks = { beforePrimaryRead: holdOnce(held, t.userKeys(userId).row) };
    const before = await audits();
    expect(await t.users.findByUserId(userId)).toMatchObject({ version: 1 }); // the hit
    await held.reached; // the audit looked at Redis and waits before reading the primary
    await t.users.update(userId, { userLevel: 2 }); // version 2 committed, invalidated
    held.open();
    await auditor.idle();
    expect(await since(before)).toEqual({ consistent: 0, in_flight: 1, stale: 0 });
  });

  it('a hit while every audit slot is taken is skipped and counted', async () => {
    t.options.audit = { ...t.options.audit, concurrency: 1 };
    const userId = await cachedUser();
    const held = new Gate();
    auditor.hooks = { beforePrimaryRead: holdOnce(held, t.userKeys(userId).row) };
    const busy = () => t.counter('cache_audit_skipped_total', { entity: ENTITY, reason: 'busy' });
    const before = await busy();
    await t.users.findByUserId(userId);
    await held.reached;
    await t.users.findByUserId(userId); // the one slot is held
    expect((await busy()) - before).toBe(1);
    held.open();
    await auditor.idle();
  });

  it('the normal path under concurrent writes sees only consistent and in-flight hits', async () => {
    // No commit allowance: only the writer marker and the cache's own changes rule out stale.
    t.options.audit = { ...t.options.audit, concurrency: 1000, commitAllowanceMs: 0 };
    const userIds = await Promise.all(Array.from({ length: 5 }, () => cachedUser()));
    const hits = () => t.counter('cache_requests_total', { entity: ENTITY, result: 'hit' });
    const [before, hitsBefore] = [await audits(), await hits()];
    for (let round = 0; round < 20; round++) {
      await Promise.all(
        userIds.flatMap((userId, index) => [
          t.users.findByUserId(userId),
          t.users.findByUserId(userId),
          round % 2 === index % 2
            ? t.users.update(userId, { userLevel: round })
            : t.users.findByUserId(userId),
          t.users.findByUserId(userId),
        ]),
      );
    }
    await auditor.idle();
    const seen = await since(before);
    expect(seen.stale).toBe(0);
    expect(seen.consistent + seen.in_flight).toBe((await hits()) - hitsBefore);
    expect(seen.in_flight).toBeGreaterThan(0);
    expect(seen.consistent).toBeGreaterThan(0);
  });
});
