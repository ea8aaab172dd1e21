import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsInt,
  IsObject,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { MAX_SELL_LINES, MAX_SELL_NUM } from '../../common/validation-patterns.js';

export class SellLineDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: Number.MAX_SAFE_INTEGER })
  @IsInt()
  @Min(1)
  @Max(Number.MAX_SAFE_INTEGER)
  goodsId!: number;

  @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_SELL_NUM })
  @IsInt()
  @Min(1)
  @Max(MAX_SELL_NUM)
  num!: number;
}

export class SellDto {
  @ApiProperty({ type: [SellLineDto], minItems: 1, maxItems: MAX_SELL_LINES })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_SELL_LINES)
  @ArrayUnique((line: SellLineDto) => line?.goodsId, {
    message: 'goodsInfo must not repeat a goodsId',
  })
  // ValidateNested alone takes an array for a line (`[[]]` then reached the repository).
  @IsObject({ each: true, message: 'each line of goodsInfo must be an object {goodsId, num}' })
  @ValidateNested({ each: true })
  @Type(() => SellLineDto)
  goodsInfo!: SellLineDto[];
}
