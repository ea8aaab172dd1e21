import { Body, Controller, Get, HttpStatus, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { ApiErrors } from '../common/error.response.js';
import { CreateInventoryDto } from './dto/create-inventory.dto.js';
import { GoodsIdPipe } from './dto/goods-id.param.js';
import { InventoryResponse, SellResponse } from './dto/inventory.response.js';
import { SellDto } from './dto/sell.dto.js';
import { UpdateInventoryDto } from './dto/update-inventory.dto.js';
import { Inventory } from './inventory.entity.js';
import type { Sale } from './inventory.repository.js';
import { InventoryService } from './inventory.service.js';

const GoodsIdParam = ApiParam({
  name: 'goodsId',
  schema: { type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER },
  description: 'Plain decimal digits',
});

@ApiTags('inventory')
@Controller('inventory')
export class InventoryController {
  constructor(private readonly inventory: InventoryService) {}

  @Post()
  @ApiCreatedResponse({ type: InventoryResponse })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.CONFLICT,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  create(@Body() dto: CreateInventoryDto): Promise<Inventory> {
    return this.inventory.create(dto);
  }

  /** Declared before `:goodsId` routes so that "sell" is never read as an id. */
  @Post('sell')
  @ApiCreatedResponse({ type: SellResponse })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.NOT_FOUND,
    HttpStatus.CONFLICT,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  sell(@Body() dto: SellDto): Promise<Sale> {
    return this.inventory.sell(dto.goodsInfo);
  }

  @Get(':goodsId')
  @GoodsIdParam
  @ApiOkResponse({ type: InventoryResponse })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(@Param('goodsId', GoodsIdPipe) goodsId: number): Promise<Inventory> {
    return this.inventory.get(goodsId);
  }

  @Put(':goodsId')
  @GoodsIdParam
  @ApiOkResponse({ type: InventoryResponse })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.NOT_FOUND,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  update(
    @Param('goodsId', GoodsIdPipe) goodsId: number,
    @Body() dto: UpdateInventoryDto,
  ): Promise<Inventory> {
    return this.inventory.setNumber(goodsId, dto.number);
  }
}
