import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { USER_ID_PATTERN } from '../../common/validation-patterns.js';

export class UserIdParam {
  @ApiProperty({ pattern: USER_ID_PATTERN.source, example: 'alice@example' })
  @Matches(USER_ID_PATTERN, { message: 'userId must be 1-64 letters, digits or _ . : @ -' })
  userId!: string;
}
