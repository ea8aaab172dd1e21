import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isDuplicateKeyError } from '../common/mysql-errors.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserAuthInfo } from './user-auth-info.entity.js';
import { UserAuthInfoRepository, type UserConditions } from './user-auth-info.repository.js';

@Injectable()
export class UsersService {
  constructor(private readonly users: UserAuthInfoRepository) {}

  async create(dto: CreateUserDto): Promise<UserAuthInfo> {
    try {
      return await this.users.insert({
        userId: dto.userId,
        userLevel: dto.userLevel,
        nickname: dto.nickname ?? null,
      });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictException(`user ${dto.userId} already exists`);
      }
      throw error;
    }
  }

  async get(userId: string, conditions: UserConditions): Promise<UserAuthInfo> {
    const row = await this.users.findByUserId(userId, conditions);
    if (!row) throw new NotFoundException(`user ${userId} not found`);
    return row;
  }

  async update(userId: string, dto: UpdateUserDto): Promise<UserAuthInfo> {
    const row = await this.users.update(userId, dto);
    if (!row) throw new NotFoundException(`user ${userId} not found`);
    return row;
  }

  async remove(userId: string): Promise<void> {
    if (!(await this.users.delete(userId))) {
      throw new NotFoundException(`user ${userId} not found`);
    }
  }
}
