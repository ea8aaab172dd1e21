import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { MaxCodePoints } from '../../common/max-code-points.decorator.js';
import {
  MAX_NICKNAME_LENGTH,
  MAX_USER_LEVEL,
  USER_ID_PATTERN,
} from '../../common/validation-patterns.js';
import { USER_ID_MESSAGE } from './user-id.param.js';

export class CreateUserDto {
  @ApiProperty({
    pattern: USER_ID_PATTERN.source,
    minLength: 1,
    maxLength: 64,
    example: 'alice',
  })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: USER_ID_MESSAGE })
  userId!: string;

  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_USER_LEVEL, example: 1 })
  @IsInt()
  @Min(0)
  @Max(MAX_USER_LEVEL)
  userLevel!: number;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: MAX_NICKNAME_LENGTH,
    nullable: true,
    description: `Up to ${MAX_NICKNAME_LENGTH} characters (Unicode code points); null or absent for none`,
    example: 'Alice',
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(MAX_NICKNAME_LENGTH)
  nickname?: string | null;
}
