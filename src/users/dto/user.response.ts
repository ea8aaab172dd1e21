import { ApiProperty } from '@nestjs/swagger';
import {
  MAX_NICKNAME_LENGTH,
  MAX_USER_LEVEL,
  USER_ID_PATTERN,
} from '../../common/validation-patterns.js';

export class UserResponse {
  @ApiProperty({ type: 'integer' }) id!: number;
  @ApiProperty({ pattern: USER_ID_PATTERN.source, maxLength: 64 }) userId!: string;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_USER_LEVEL }) userLevel!: number;
  @ApiProperty({ type: 'string', nullable: true, maxLength: MAX_NICKNAME_LENGTH })
  nickname!: string | null;
  @ApiProperty({ type: 'integer', minimum: 1, description: 'Starts at 1, +1 on every update' })
  version!: number;
  @ApiProperty({ type: 'string', format: 'date-time' }) updatedAt!: Date;
}
