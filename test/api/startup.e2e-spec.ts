import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAppUntilExit } from '../../support/spawn-app.js';
import { dropDatabase, testConfig } from '../support/test-env.js';

/** Each case spawns the real entry point; they run in parallel to share the compile time. */
describe('start-up with a bad environment value', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    [
      'an unknown strategy',
      { CACHE_STRATEGY: 'magic' },
      /^CACHE_STRATEGY: unknown strategy "magic"/,
    ],
    [
      'a non-numeric port',
      { PORT: 'eighty' },
      /^PORT: expected an integer from 0 to 65535, got "eighty"/,
    ],
    ['an unparsable Redis URL', { REDIS_URL: 'not a url' }, /^REDIS_URL: not a URL: "not a url"/],
    [
      'a non-Redis URL in the lock list',
      { LOCK_REDIS_URLS: 'redis://127.0.0.1:6379,http://x' },
      /^LOCK_REDIS_URLS: expected redis:\/\//,
    ],
    ['a negative lock TTL', { LOCK_TTL_MS: '-1' }, /^LOCK_TTL_MS: expected an integer/],
    [
      'a bad cluster node',
      { REDIS_CLUSTER_NODES: '127.0.0.1' },
      /^REDIS_CLUSTER_NODES: expected host:port, got "127.0.0.1"/,
    ],
    ['an unknown log level', { LOG_LEVEL: 'loud' }, /^LOG_LEVEL: expected one of/],
  ];

  let results: Awaited<ReturnType<typeof runAppUntilExit>>[];

  beforeAll(async () => {
    results = await Promise.all(cases.map(([, env]) => runAppUntilExit(env)));
  }, 120_000);

  it.each(cases.map((c, index) => [c[0], index, c[2]] as const))(
    'stops with exit code 1 and one line naming the variable: %s',
    (_name, index, expected) => {
      const { code, stderr, stdout } = results[index];
      expect(code).toBe(1);
      const lines = stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Configuration error: /);
      expect(lines[0].slice('Configuration error: '.length)).toMatch(expected);
      expect(stdout).toBe('');
    },
  );
});

describe('start-up with a bad cache-config.xml', () => {
  let dir: string;
  let config: ReturnType<typeof testConfig>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cache-config-'));
    config = testConfig();
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await dropDatabase(config);
  });

  it('stops with exit code 1 and one line naming the file, the line and the problem', async () => {
    const file = join(dir, 'cache-config.xml');
    await writeFile(
      file,
      [
        '<cache-config>',
        '  <cache-entity po="UserAuthInfo" key-prefix="P" colour="red">',
        '    <key-properties>userId</key-properties>',
        '  </cache-entity>',
        '</cache-config>',
      ].join('\n'),
    );
    const { code, stderr } = await runAppUntilExit({
      CACHE_CONFIG: file,
      MYSQL_DATABASE: config.mysql.database,
      REDIS_KEY_PREFIX: config.redis.keyPrefix,
      LOG_LEVEL: 'error',
    });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([
      `Start-up failed: ${file}:2: unknown attribute colour on <cache-entity> ` +
        '(allowed: po, key-prefix, po-throws, key-expire, key-expire-time-unit)',
    ]);
  }, 60_000);
});
