import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isDuplicateKeyError } from '../common/mysql-errors.js';
import { CreateInventoryDto } from './dto/create-inventory.dto.js';
import { Inventory } from './inventory.entity.js';
import { InsufficientStockError, UnknownGoodsError } from './inventory.errors.js';
import { InventoryRepository, type Sale, type SaleLine } from './inventory.repository.js';

@Injectable()
export class InventoryService {
  constructor(private readonly inventory: InventoryRepository) {}

  async create(dto: CreateInventoryDto): Promise<Inventory> {
    try {
      return await this.inventory.insert({ goodsId: dto.goodsId, number: dto.number });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictException(`goods ${dto.goodsId} already exist`);
      }
      throw error;
    }
  }

  async get(goodsId: number): Promise<Inventory> {
    const row = await this.inventory.findByGoodsId(goodsId);
    if (!row) throw new NotFoundException(`goods ${goodsId} not found`);
    return row;
  }

  async setNumber(goodsId: number, number: number): Promise<Inventory> {
    const row = await this.inventory.setNumber(goodsId, number);
    if (!row) throw new NotFoundException(`goods ${goodsId} not found`);
    return row;
  }

  async sell(lines: SaleLine[]): Promise<Sale> {
    try {
      return await this.inventory.sell(lines);
    } catch (error) {
      if (error instanceof UnknownGoodsError) throw new NotFoundException(error.message);
      if (error instanceof InsufficientStockError) throw new ConflictException(error.message);
      throw error;
    }
  }
}
