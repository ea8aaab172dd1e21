import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CreateUserDto } from './dto/create-user.dto.js';
import { GetUserQuery } from './dto/get-user.query.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserIdParam } from './dto/user-id.param.js';
import { UserResponse } from './dto/user.response.js';
import { UserAuthInfo } from './user-auth-info.entity.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiCreatedResponse({ type: UserResponse })
  create(@Body() dto: CreateUserDto): Promise<UserAuthInfo> {
    return this.users.create(dto);
  }

  @Get(':userId')
  @ApiOkResponse({ type: UserResponse })
  get(@Param() { userId }: UserIdParam, @Query() query: GetUserQuery): Promise<UserAuthInfo> {
    return this.users.get(
      userId,
      query.userLevel === undefined ? {} : { userLevel: query.userLevel },
    );
  }

  @Put(':userId')
  @ApiOkResponse({ type: UserResponse })
  update(@Param() { userId }: UserIdParam, @Body() dto: UpdateUserDto): Promise<UserAuthInfo> {
    if (dto.userLevel === undefined && dto.nickname === undefined) {
      throw new BadRequestException('give at least one of userLevel, nickname');
    }
    return this.users.update(userId, dto);
  }

  @Delete(':userId')
  @HttpCode(204)
  async remove(@Param() { userId }: UserIdParam): Promise<void> {
    await this.users.remove(userId);
  }
}
