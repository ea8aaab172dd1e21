import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import {
  MAX_NICKNAME_LENGTH,
  MAX_USER_LEVEL,
  USER_ID_PATTERN,
} from '../../common/validation-patterns.js';

export class CreateUserDto {
  @ApiProperty({ pattern: USER_ID_PATTERN.source, example: 'alice' })
  @IsString()
  @Matches(USER_ID_PATTERN, { message: 'userId must be 1-64 letters, digits or _ . : @ -' })
  userId!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_USER_LEVEL, example: 1 })
  @IsInt()
  @Min(0)
  @Max(MAX_USER_LEVEL)
  userLevel!: number;

  @ApiPropertyOptional({ maxLength: MAX_NICKNAME_LENGTH, nullable: true, example: 'Alice' })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NICKNAME_LENGTH)
  nickname?: string | null;
}
