import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/app-config.constants.js';
import type { AppConfig } from '../config/app-config.interface.js';
import { DistributedLock } from '../lock/distributed-lock.decorator.js';

export interface LowStockReport {
  threshold: number;
  goods: { goodsId: number; number: number }[];
}

export const LOW_STOCK_REPORT_JOB = 'low-stock-report';

/**
 * The one-instance-only job of seed 003: every app instance schedules it, the distributed lock
 * lets one of them run it at a time, and the others skip that round. It logs the goods whose
 * stock is below `LOW_STOCK_THRESHOLD`. Off unless `LOW_STOCK_REPORT_INTERVAL_MS` is set.
 */
@Injectable()
export class LowStockReportJob implements OnApplicationBootstrap {
  private readonly logger = new Logger(LowStockReportJob.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly scheduler: SchedulerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const period = this.config.lowStockReportIntervalMs;
    if (period <= 0) return;
    const timer = setInterval(() => {
      this.run().catch((error: unknown) =>
        this.logger.warn(`round failed: ${(error as Error).message}`),
      );
    }, period);
    this.scheduler.addInterval(LOW_STOCK_REPORT_JOB, timer);
  }

  /** One round; resolves `undefined` when another instance holds the job's lock (skipped). */
  @DistributedLock(`job:${LOW_STOCK_REPORT_JOB}`, { whenLocked: 'skip' })
  async run(): Promise<LowStockReport | undefined> {
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
