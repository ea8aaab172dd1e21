import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Max, Min, ValidateIf } from 'class-validator';
import { MaxCodePoints } from '../../common/max-code-points.decorator.js';
import { MAX_NICKNAME_LENGTH, MAX_USER_LEVEL } from '../../common/validation-patterns.js';

/** At least one field; the controller refuses an empty patch. */
export class UpdateUserDto {
  /** May be absent, never null (the column is NOT NULL): `@IsOptional` would let null through. */
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: MAX_USER_LEVEL })
  @ValidateIf((_dto: UpdateUserDto, value: unknown) => value !== undefined)
  @IsInt()
  @Min(0)
  @Max(MAX_USER_LEVEL)
  userLevel?: number;

  @ApiPropertyOptional({
    type: 'string',
    maxLength: MAX_NICKNAME_LENGTH,
    nullable: true,
    description: `Up to ${MAX_NICKNAME_LENGTH} characters (Unicode code points); null clears it`,
  })
  @IsOptional()
  @IsString()
  @MaxCodePoints(MAX_NICKNAME_LENGTH)
  nickname?: string | null;
}
