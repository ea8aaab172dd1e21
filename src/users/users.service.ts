import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { Transactional } from '@nestjs-cls/transactional';
import { isDuplicateKeyError } from '../common/mysql-errors.js';
import { CreateUserDto } from './dto/create-user.dto.js';
import { UpdateUserDto } from './dto/update-user.dto.js';
import { UserAuthInfo } from './user-auth-info.entity.js';
import { UserAuthInfoRepository, type UserConditions } from './user-auth-info.repository.js';

@Injectable()
export class UsersService {
  constructor(private readonly users: UserAuthInfoRepository) {}

  /** One transaction: the row read back is the one just inserted, on the primary. */
  @Transactional()
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

  /** One `then`, no async function: this is the cache hit's path (docs/benchmarks.md, "HTTP"). */
  get(userId: string, conditions: UserConditions): Promise<UserAuthInfo> {
    return this.users.findByUserId(userId, conditions).then((row) => {
      if (!row) throw new NotFoundException(`user ${userId} not found`);
      return row;
    });
  }

  /** The users found among `userIds`, in the order asked (unknown ones left out). */
  getMany(userIds: readonly string[]): Promise<UserAuthInfo[]> {
    return this.users.findByUserIds(userIds);
  }

  /** Read-modify-write in one transaction: the row is locked from the read to the commit. */
  @Transactional()
  async update(userId: string, dto: UpdateUserDto): Promise<UserAuthInfo> {
    const row = await this.users.findForUpdate(userId);
    if (!row) throw new NotFoundException(`user ${userId} not found`);
    if (dto.userLevel !== undefined) row.userLevel = dto.userLevel;
    if (dto.nickname !== undefined) row.nickname = dto.nickname;
    row.version += 1;
    return this.users.save(row);
  }

  async remove(userId: string): Promise<void> {
    if (!(await this.users.delete(userId))) {
      throw new NotFoundException(`user ${userId} not found`);
    }
  }
}
