import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config.constants.js';
import type { AppConfig } from '../config/app-config.interface.js';
import { DistributedLock } from '../lock/index.js';

export interface LowStockReport {
  threshold: number;
  goods: { goodsId: number; number: number }[];
}

export const LOW_STOCK_REPORT_JOB = 'low-stock-report';
const JOB_LOCK = `job:${LOW_STOCK_REPORT_JOB}`;

/**
 * The one-instance-only job: every app instance schedules it every `LOW_STOCK_REPORT_INTERVAL_MS`,
 * and each period's round runs on exactly one of them (`docs/lock.md`, "One instance per
 * period"): the first instance to tick in a period takes that period's lock and keeps it until
 * the period is over, the others skip. It logs the goods whose stock is below
 * `LOW_STOCK_THRESHOLD`. Off unless `LOW_STOCK_REPORT_INTERVAL_MS` is set.
 */
@Injectable()
export class LowStockReportJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(LowStockReportJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get periodMs(): number {
    return this.config.lowStockReportIntervalMs;
  }

  onApplicationBootstrap(): void {
    if (this.periodMs <= 0) return;
    const timer = setInterval(() => {
      this.runRound().catch((error: unknown) =>
        this.logger.warn(`round failed: ${(error as Error).message}`),
      );
    }, this.periodMs);
    this.scheduler.addInterval(LOW_STOCK_REPORT_JOB, timer);
  }

  /** The scheduled round: at most once per period across all instances, `undefined` if skipped. */
  @DistributedLock(JOB_LOCK, { oncePerPeriodMs: (job: LowStockReportJob) => job.periodMs })
  runRound(): Promise<LowStockReport | undefined> {
    return this.report();
  }

  /** A round on demand; resolves `undefined` while another instance runs one (skipped). */
  @DistributedLock(JOB_LOCK, { whenLocked: 'skip' })
  run(): Promise<LowStockReport | undefined> {
    return this.report();
  }

  private async report(): Promise<LowStockReport> {
    const threshold = this.config.lowStockThreshold;
    const rows = await this.dataSource.query<{ goods_id: string | number; number: number }[]>(
      'SELECT goods_id, number FROM t_inventory WHERE number < ? ORDER BY goods_id LIMIT 1000',
      [threshold],
    );
    const goods = rows.map((row) => ({ goodsId: Number(row.goods_id), number: row.number }));
    if (goods.length > 0) {
      this.logger.warn(
        `${goods.length} goods below ${threshold}: ` +
          goods.map((line) => `${line.goodsId}=${line.number}`).join(', '),
      );
    }
    return { threshold, goods };
  }
}
