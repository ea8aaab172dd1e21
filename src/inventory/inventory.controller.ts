import { Body, Controller, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateInventoryDto } from './dto/create-inventory.dto.js';
import { GoodsIdParam } from './dto/goods-id.param.js';
import { InventoryResponse, SellResponse } from './dto/inventory.response.js';
import { SellDto } from './dto/sell.dto.js';
import { UpdateInventoryDto } from './dto/update-inventory.dto.js';
import { Inventory } from './inventory.entity.js';
import type { Sale } from './inventory.repository.js';
import { InventoryService } from './inventory.service.js';

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Post()
  @ApiCreatedResponse({ type: InventoryResponse })
  create(@Body() dto: CreateInventoryDto): Promise<Inventory> {
    return this.inventory.create(dto);
  }

  /** Declared before `:goodsId` routes so that "sell" is never read as an id. */
  @Post('sell')
  @ApiCreatedResponse({ type: SellResponse })
  sell(@Body() dto: SellDto): Promise<Sale> {
    return this.inventory.sell(dto.goodsInfo);
  }

  @Get(':goodsId')
  @ApiOkResponse({ type: InventoryResponse })
  get(@Param() { goodsId }: GoodsIdParam): Promise<Inventory> {
    return this.inventory.get(goodsId);
  }

  @Put(':goodsId')
  @ApiOkResponse({ type: InventoryResponse })
  update(@Param() { goodsId }: GoodsIdParam, @Body() dto: UpdateInventoryDto): Promise<Inventory> {
    return this.inventory.setNumber(goodsId, dto.number);
  }
}
