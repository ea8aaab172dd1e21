import { ConfigError } from './config.error.js';
import { loadAppConfig } from './load-app-config.js';

describe('loadAppConfig', () => {
  it('gives the contract defaults for an empty environment', () => {
    expect(loadAppConfig({})).toEqual({
      port: 3000,
      logLevel: 'log',
      mysql: {
        host: '127.0.0.1',
        port: 3306,
        user: 'root',
        password: '',
        database: 'consistent_cache',
        poolSize: 20,
        replicas: [],
        queryTimeoutMs: 2000,
      },
      redis: {
        url: 'redis://127.0.0.1:6379',
        clusterNodes: undefined,
        keyPrefix: '',
        commandTimeoutMs: 500,
      },
      lockRedisUrls: ['redis://127.0.0.1:6379'],
      lockTtlMs: 10000,
      cacheConfigPath: './cache-config.xml',
      cacheStrategy: 'lease',
      cacheDebugFillDelayMs: undefined,
      cacheAuditRate: 0,
      cacheCdc: { mode: 'off', serverId: expect.any(Number) as number },
      cacheDoubleDeleteDelayMs: undefined,
      lowStockReportIntervalMs: 0,
      lowStockThreshold: 10,
    });
  });

  it('reads every variable', () => {
    const config = loadAppConfig({
      PORT: '8080',
      MYSQL_HOST: 'db',
      MYSQL_PORT: '3307',
      MYSQL_USER: 'app',
      MYSQL_PASSWORD: 's3cret ',
      MYSQL_DATABASE: 'shop',
      REDIS_URL: 'rediss://:pw@cache:6380/2',
      REDIS_CLUSTER_NODES: 'a:7000, b:7001',
      LOCK_REDIS_URLS: 'redis://l1:6379,redis://l2:6379,redis://l3:6379',
      CACHE_CONFIG: '/etc/cache.xml',
      CACHE_STRATEGY: 'double-delete',
      LOCK_TTL_MS: '5000',
      LOG_LEVEL: 'debug',
    });
    expect(config).toMatchObject({
      port: 8080,
      logLevel: 'debug',
      mysql: { host: 'db', port: 3307, user: 'app', password: 's3cret ', database: 'shop' },
      redis: {
        url: 'rediss://:pw@cache:6380/2',
        clusterNodes: [
          { host: 'a', port: 7000 },
          { host: 'b', port: 7001 },
        ],
      },
      lockRedisUrls: ['redis://l1:6379', 'redis://l2:6379', 'redis://l3:6379'],
      lockTtlMs: 5000,
      cacheConfigPath: '/etc/cache.xml',
      cacheStrategy: 'double-delete',
    });
  });

  it('treats an empty value as unset', () => {
    expect(loadAppConfig({ MYSQL_PORT: '', CACHE_STRATEGY: '' })).toMatchObject({
      mysql: { port: 3306 },
      cacheStrategy: 'lease',
    });
  });

  it('defaults the lock masters to REDIS_URL', () => {
    expect(loadAppConfig({ REDIS_URL: 'redis://other:1' }).lockRedisUrls).toEqual([
      'redis://other:1',
    ]);
  });

  it('reads the read replicas and the audit rate', () => {
    expect(
      loadAppConfig({ MYSQL_REPLICA_HOSTS: 'r1:3307, 10.0.0.2:3306', CACHE_AUDIT_RATE: '0.001' }),
    ).toMatchObject({
      mysql: {
        replicas: [
          { host: 'r1', port: 3307 },
          { host: '10.0.0.2', port: 3306 },
        ],
      },
      cacheAuditRate: 0.001,
    });
  });

  it('reads CACHE_CDC; the server id defaults to one per host and port', () => {
    expect(loadAppConfig({ CACHE_CDC: 'binlog', CACHE_CDC_SERVER_ID: '77' }).cacheCdc).toEqual({
      mode: 'binlog',
      serverId: 77,
    });
    const a = loadAppConfig({ PORT: '3001' }).cacheCdc.serverId;
    expect(loadAppConfig({ PORT: '3001' }).cacheCdc.serverId).toBe(a);
    expect(loadAppConfig({ PORT: '3002' }).cacheCdc.serverId).not.toBe(a);
    expect(a).toBeGreaterThanOrEqual(2 ** 31);
    expect(a).toBeLessThan(2 ** 32);
  });

  it.each([
    ['r1:3307,,r2:3307', 'item 2 of 3 is empty'],
    ['r1:3307,r2', 'item 2 of 2 "r2" is not host:port'],
    ['r1:99999', 'item 1 of 1 "r1:99999" is not host:port'],
    ['127.0.0.1:3306', 'item 1 of 1 "127.0.0.1:3306" is the primary'],
    ['r1:3307,r1:3307', 'item 2 of 2 "r1:3307" is listed twice'],
  ])('refuses MYSQL_REPLICA_HOSTS=%j, naming the item', (hosts, problem) => {
    expect(() => loadAppConfig({ MYSQL_REPLICA_HOSTS: hosts })).toThrow(
      `MYSQL_REPLICA_HOSTS: ${problem}`,
    );
  });

  it.each([
    ['PORT', '3000x'],
    ['PORT', '70000'],
    ['MYSQL_PORT', '0'],
    ['MYSQL_DATABASE', 'bad-name'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
    ['REDIS_URL', '127.0.0.1:6379'],
    ['LOCK_REDIS_URLS', 'redis://a:1,,redis://b:2'],
    ['REDIS_CLUSTER_NODES', 'a:1,b'],
    ['CACHE_STRATEGY', 'LEASE'],
    ['LOCK_TTL_MS', '1.5'],
    ['LOG_LEVEL', 'info'],
    ['REDIS_KEY_PREFIX', 'a{b}'],
    ['LOW_STOCK_REPORT_INTERVAL_MS', 'soon'],
    ['LOW_STOCK_THRESHOLD', '-3'],
    ['CACHE_AUDIT_RATE', '1.5'],
    ['CACHE_AUDIT_RATE', '1e-3'],
    ['CACHE_AUDIT_RATE', '-0.1'],
    ['CACHE_CDC', 'on'],
    ['CACHE_CDC_SERVER_ID', '0'],
    ['CACHE_CDC_SERVER_ID', '4294967296'],
  ])('refuses %s=%j with a ConfigError naming the variable', (variable, value) => {
    const attempt = () => loadAppConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });

  it.each([
    ['REDIS_URL', 'http://:s3cret@cache:6379', 'http://***@cache:6379'],
    ['REDIS_URL', 'redis://user:s3cret@', 'redis://***@'],
    ['REDIS_URL', 'redis//:s3cret@cache', '***@cache'],
    ['LOCK_REDIS_URLS', 'redis://a:1,ftp://:s3cret@b:2', 'ftp://***@b:2'],
    ['REDIS_CLUSTER_NODES', 'a:1,:s3cret@b', '***@b'],
  ])('never shows the password of a bad %s=%j (shows %j)', (variable, value, shown) => {
    const attempt = () => loadAppConfig({ [variable]: value });
    expect(attempt).toThrow(`"${shown}"`);
    expect(attempt).not.toThrow(/s3cret/);
  });
});
