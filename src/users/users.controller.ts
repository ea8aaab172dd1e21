import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import { ApiErrors } from '../common/error.response.js';
import { MAX_USER_LEVEL, USER_ID_PATTERN } from '../common/validation-patterns.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { GetUserQueryPipe, type GetUserQuery } from './dto/get-user.query.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserIdPipe } from './dto/user-id.param.js';
import { MAX_BATCH_IDS, UserIdsQueryPipe } from './dto/user-ids.query.js';
import { UserResponse } from './dto/user.response.js';
import { UserAuthInfo } from './user-auth-info.entity.js';
import { UsersService } from './users.service.js';

const UserIdParam = ApiParam({
  name: 'userId',
  schema: { type: 'string', pattern: USER_ID_PATTERN.source, minLength: 1, maxLength: 64 },
  example: 'alice@example',
});

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.CONFLICT,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  create(@Body() dto: CreateUserDto): Promise<UserAuthInfo> {
    return this.users.create(dto);
  }

  @Get()
  @ApiQuery({
    name: 'ids',
    required: true,
    schema: { type: 'string' },
    description: `1-${MAX_BATCH_IDS} distinct userIds separated by commas`,
    example: 'alice,bob',
  })
  @ApiOkResponse({
    type: [UserResponse],
    description: 'The rows found, in the order asked; unknown ids are left out',
  })
  @ApiErrors(HttpStatus.BAD_REQUEST)
  list(@Query(UserIdsQueryPipe) ids: string[]): Promise<UserAuthInfo[]> {
    // One batch read: one MGET for the hits, one query for the misses.
    return this.users.getMany(ids);
  }

  @Get(':userId')
  @UserIdParam
  @ApiQuery({
    name: 'userLevel',
    required: false,
    schema: { type: 'integer', minimum: 0, maximum: MAX_USER_LEVEL },
    description: 'Answer 404 unless the row has this level (checked after a cache hit too).',
  })
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND)
  get(
    @Param('userId', UserIdPipe) userId: string,
    @Query(GetUserQueryPipe) query: GetUserQuery,
  ): Promise<UserAuthInfo> {
    return this.users.get(userId, query);
  }

  @Put(':userId')
  @UserIdParam
  @ApiOkResponse({ type: UserResponse })
  @ApiErrors(
    HttpStatus.BAD_REQUEST,
    HttpStatus.NOT_FOUND,
    HttpStatus.PAYLOAD_TOO_LARGE,
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    HttpStatus.SERVICE_UNAVAILABLE,
  )
  update(
    @Param('userId', UserIdPipe) userId: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserAuthInfo> {
    if (dto.userLevel === undefined && dto.nickname === undefined) {
      throw new BadRequestException('give at least one of userLevel, nickname');
    }
    return this.users.update(userId, dto);
  }

  @Delete(':userId')
  @HttpCode(204)
  @UserIdParam
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(HttpStatus.BAD_REQUEST, HttpStatus.NOT_FOUND, HttpStatus.SERVICE_UNAVAILABLE)
  async remove(@Param('userId', UserIdPipe) userId: string): Promise<void> {
    await this.users.remove(userId);
  }
}
