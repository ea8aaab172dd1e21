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
  ])('refuses %s=%j with a ConfigError naming the variable', (variable, value) => {
    const attempt = () => loadAppConfig({ [variable]: value });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(new RegExp(`^${variable}: `));
  });
});
