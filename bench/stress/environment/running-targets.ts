import type { StressOptions } from '../stress-options.js';
import { MysqlAdmin } from './mysql-admin.js';
import type { StressEnvironment } from './stress-environment.js';

/**
 * App instances that are already running (`--targets`): driven as they are, never restarted,
 * flushed or faulted; their database (`--targets-database`) is only read.
 */
export class RunningTargets implements StressEnvironment {
  readonly urls: readonly string[];
  readonly mysql: MysqlAdmin | undefined;

  constructor(options: Pick<StressOptions, 'targets' | 'targetsDatabase'>) {
    this.urls = options.targets ?? [];
    this.mysql = options.targetsDatabase ? new MysqlAdmin(options.targetsDatabase) : undefined;
  }

  faultInjector(): undefined {
    return undefined;
  }

  async close(): Promise<void> {}
}
