import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { MAX_NICKNAME_LENGTH, MAX_USER_LEVEL } from '../../common/validation-patterns.js';

/** At least one field; the controller refuses an empty patch. */
export class UpdateUserDto {
  @ApiPropertyOptional({ minimum: 0, maximum: MAX_USER_LEVEL })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_USER_LEVEL)
  userLevel?: number;

  @ApiPropertyOptional({ maxLength: MAX_NICKNAME_LENGTH, nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_NICKNAME_LENGTH)
  nickname?: string | null;
}
