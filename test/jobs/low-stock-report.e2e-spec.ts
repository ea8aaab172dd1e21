import request from 'supertest';
import { LockService } from '../../src/lock/index.js';
import { SchedulerRegistry } from '@nestjs/schedule';
import {
  LOW_STOCK_REPORT_JOB,
  LowStockReportJob,
} from '../../src/inventory/low-stock-report.job.js';
import { createTestApp, type TestApp } from '../support/test-app.js';

describe('the one-instance-only low-stock report', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOW_STOCK_THRESHOLD: '5' });
    const http = request(t.app.getHttpServer());
    await http.post('/inventory').send({ goodsId: 1, number: 2 }).expect(201);
    await http.post('/inventory').send({ goodsId: 2, number: 50 }).expect(201);
    await http.post('/inventory').send({ goodsId: 3, number: 4 }).expect(201);
  });
  afterAll(() => t.close());

  it('reports the goods below the threshold', async () => {
    await expect(t.app.get(LowStockReportJob).run()).resolves.toEqual({
      threshold: 5,
      goods: [
        { goodsId: 1, number: 2 },
        { goodsId: 3, number: 4 },
      ],
    });
  });

  it('skips the round while another instance holds the job lock, runs once it is free', async () => {
    const job = t.app.get(LowStockReportJob);
    const otherInstance = await t.app.get(LockService).lock('job:low-stock-report');
    try {
      await expect(job.run()).resolves.toBeUndefined();
    } finally {
      await otherInstance.unlock();
    }
    await expect(job.run()).resolves.toMatchObject({ threshold: 5 });
  });
});

describe('scheduling the low-stock report', () => {
  it('is off by default and scheduled on every instance when an interval is set', async () => {
    const off = await createTestApp();
    const on = await createTestApp({ LOW_STOCK_REPORT_INTERVAL_MS: '60000' });
    try {
      expect(off.app.get(SchedulerRegistry).getIntervals()).not.toContain(LOW_STOCK_REPORT_JOB);
      expect(on.app.get(SchedulerRegistry).getIntervals()).toContain(LOW_STOCK_REPORT_JOB);
    } finally {
      await Promise.all([off.close(), on.close()]);
    }
  });
});
