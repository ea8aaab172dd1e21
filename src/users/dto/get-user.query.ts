import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_USER_LEVEL } from '../../common/validation-patterns.js';

export class GetUserQuery {
  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_USER_LEVEL,
    description: 'Answer 404 unless the row has this level (checked after a cache hit too).',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_USER_LEVEL)
  userLevel?: number;
}
