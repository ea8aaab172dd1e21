import { describe, expect, it } from '@jest/globals';
import { parseCliOptions, UsageError } from './cli-options.js';
import { DEFAULT_OPTIONS } from './stress-options.js';

describe('parseCliOptions', () => {
  it('defaults to the issue: 100,000 operations, 1,000 in flight, 70/30, 3 processes', () => {
    expect(parseCliOptions([])).toEqual({ ...DEFAULT_OPTIONS, resultsDir: undefined });
    expect(DEFAULT_OPTIONS).toMatchObject({
      operations: 100_000,
      concurrency: 1000,
      readRatio: 0.7,
      processes: 3,
    });
  });

  it('reads lists, numbers and repeated app environment', () => {
    const options = parseCliOptions([
      '--strategies',
      'none,lease',
      '--faults',
      'all',
      '--operations',
      '5000',
      '--read-ratio',
      '0.9',
      '--app-env',
      'MYSQL_POOL_SIZE=40',
      '--linearizability',
      'on',
      '--no-progress',
    ]);
    expect(options).toMatchObject({
      strategies: ['none', 'lease'],
      faults: ['client-kill', 'redis-restart', 'redis-pause', 'mysql-lock'],
      operations: 5000,
      readRatio: 0.9,
      appEnv: { MYSQL_POOL_SIZE: '40' },
      linearizability: 'on',
      progress: false,
    });
  });

  it('refuses what it cannot run, naming the option', () => {
    expect(() => parseCliOptions(['--strategies', 'lease,magic'])).toThrow(UsageError);
    expect(() => parseCliOptions(['--read-ratio', '1.5'])).toThrow(/--read-ratio/);
    expect(() => parseCliOptions(['--operations', 'many'])).toThrow(/--operations/);
    expect(() =>
      parseCliOptions(['--targets', 'http://127.0.0.1:3000', '--faults', 'all']),
    ).toThrow(/--targets/);
    expect(() => parseCliOptions(['--faults', 'replica-pause'])).toThrow(/needs --replica/);
  });

  it('adds the replica fault to "all" only with --replica', () => {
    expect(parseCliOptions(['--faults', 'all'])).toMatchObject({
      faults: ['client-kill', 'redis-restart', 'redis-pause', 'mysql-lock'],
    });
    expect(parseCliOptions(['--replica', '--faults', 'all'])).toMatchObject({
      replica: true,
      replicaPauseMs: 3000,
      faults: ['client-kill', 'redis-restart', 'redis-pause', 'mysql-lock', 'replica-pause'],
    });
  });

  it('reads the share of out-of-band writes and the CDC settings to run under', () => {
    expect(parseCliOptions([])).toMatchObject({ externalWrites: 0, cdc: undefined });
    expect(parseCliOptions(['--external-writes', '0.5', '--cdc', 'off,binlog'])).toMatchObject({
      externalWrites: 0.5,
      cdc: ['off', 'binlog'],
    });
    expect(parseCliOptions(['--app-env', 'CACHE_CDC=binlog'])).toMatchObject({
      cdc: ['binlog'],
      appEnv: { CACHE_CDC: 'binlog' },
    });
    expect(parseCliOptions(['--app-env', 'CACHE_CDC=off'])).toMatchObject({ cdc: undefined });
  });

  it('refuses out-of-band writes and CDC settings it cannot run', () => {
    expect(() => parseCliOptions(['--external-writes', '1.5'])).toThrow(/--external-writes/);
    expect(() => parseCliOptions(['--external-writes', '-0.1'])).toThrow(/--external-writes/);
    expect(() => parseCliOptions(['--external-writes', 'half'])).toThrow(/--external-writes/);
    expect(() => parseCliOptions(['--external-writes', '0.5', '--mode', 'inventory'])).toThrow(
      /--mode users/,
    );
    expect(() =>
      parseCliOptions(['--external-writes', '0.5', '--targets', 'http://127.0.0.1:3000']),
    ).toThrow(/--targets-database/);
    expect(() => parseCliOptions(['--cdc', 'on'])).toThrow(/--cdc/);
    expect(() =>
      parseCliOptions(['--cdc', 'binlog', '--targets', 'http://127.0.0.1:3000']),
    ).toThrow(/--targets/);
    expect(() => parseCliOptions(['--cdc', 'binlog', '--app-env', 'CACHE_CDC=binlog'])).toThrow(
      /give one/,
    );
  });
});
