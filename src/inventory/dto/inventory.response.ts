import { ApiProperty } from '@nestjs/swagger';
import { MAX_SELL_NUM, MAX_STOCK } from '../../common/validation-patterns.js';

export class InventoryResponse {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) goodsId!: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_STOCK }) number!: number;
  @ApiProperty({ type: 'integer', minimum: 1 }) version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

export class SoldLineResponse {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) goodsId!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_SELL_NUM }) num!: number;
  @ApiProperty({ type: 'integer', minimum: 0, description: 'stock left after this sale' })
  left!: number;
}

export class SellResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ type: [SoldLineResponse] }) lines!: SoldLineResponse[];
}
