import { Module } from '@nestjs/common';
import { InventoryController } from './inventory.controller.js';
import { InventoryRepository } from './inventory.repository.js';
import { InventoryService } from './inventory.service.js';
import { LowStockReportJob } from './low-stock-report.job.js';

@Module({
  controllers: [InventoryController],
  providers: [InventoryRepository, InventoryService, LowStockReportJob],
  exports: [InventoryRepository],
})
export class InventoryModule {}
