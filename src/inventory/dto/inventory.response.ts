import { ApiProperty } from '@nestjs/swagger';

export class InventoryResponse {
  @ApiProperty() goodsId!: number;
  @ApiProperty() number!: number;
  @ApiProperty() version!: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt!: Date;
}

export class SoldLineResponse {
  @ApiProperty() goodsId!: number;
  @ApiProperty() num!: number;
  @ApiProperty({ description: 'stock left after this sale' }) left!: number;
}

export class SellResponse {
  @ApiProperty({ format: 'uuid' }) orderId!: string;
  @ApiProperty({ type: [SoldLineResponse] }) lines!: SoldLineResponse[];
}
