import type { FaultInjector, FaultPlan } from '../faults/fault-injector.js';
import type { MysqlAdmin } from './mysql-admin.js';

/**
 * Where one strategy's run happens: the app instances to drive, and what of their services the
 * tool may reach behind them. Either app processes of the tool's own (`OwnAppProcesses`) or
 * instances already running (`RunningTargets`).
 */
export interface StressEnvironment {
  /** Base URL of every app instance. */
  readonly urls: readonly string[];
  /** The commit the apps were started from; undefined when the tool did not start them. */
  readonly revision?: string;
  /** The apps' MySQL database, for the final comparison; undefined when unknown. */
  readonly mysql?: MysqlAdmin;
  /** Faults on this environment's Redis and MySQL; undefined when the tool owns neither. */
  faultInjector(plan: FaultPlan): FaultInjector | undefined;
  /** Stops what the environment started and removes what it created. */
  close(): Promise<void>;
}
