import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_STOCK } from '../../common/validation-patterns.js';

export class UpdateInventoryDto {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_STOCK })
  @IsInt()
  @Min(0)
  @Max(MAX_STOCK)
  number!: number;
}
