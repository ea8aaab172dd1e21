import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Cacheable, CacheEvict, currentEntityManager, runInTransaction } from '../cache/index.js';
import { UserAuthInfo } from './user-auth-info.entity.js';

export interface UserConditions {
  userLevel?: number;
}

export interface UserPatch {
  userLevel?: number;
  nickname?: string | null;
}

/**
 * The user's own repository: every method works by the unique index `user_id`, returns whole
 * rows, and is the place where the cache aspects attach. Writes join the cache aspect's
 * transaction (`runInTransaction`, `currentEntityManager`) so that they are fenced.
 */
@Injectable()
export class UserAuthInfoRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get repository() {
    return currentEntityManager(this.dataSource).getRepository(UserAuthInfo);
  }

  /** The row with this userId, or null; `conditions` must all match too. */
  @Cacheable<[userId: string, conditions?: UserConditions]>({
    entity: UserAuthInfo,
    key: (userId) => ({ userId }),
    conditions: (_userId, conditions) => conditions,
    loadArgs: (userId) => [userId],
  })
  async findByUserId(
    userId: string,
    conditions: UserConditions = {},
  ): Promise<UserAuthInfo | null> {
    return this.repository.findOne({ where: { userId, ...conditions } });
  }

  @CacheEvict({
    entity: UserAuthInfo,
    keys: (row: Pick<UserAuthInfo, 'userId'>) => [{ userId: row.userId }],
  })
  async insert(
    row: Pick<UserAuthInfo, 'userId' | 'userLevel' | 'nickname'>,
  ): Promise<UserAuthInfo> {
    await this.repository.insert(row);
    return this.repository.findOneOrFail({ where: { userId: row.userId } });
  }

  /** Applies the patch and bumps `version` in one transaction; null when the row is missing. */
  @CacheEvict({ entity: UserAuthInfo, keys: (userId: string) => [{ userId }] })
  async update(userId: string, patch: UserPatch): Promise<UserAuthInfo | null> {
    return runInTransaction(this.dataSource, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(UserAuthInfo)
        .set({ ...patch, version: () => 'version + 1' })
        .where('user_id = :userId', { userId })
        .execute();
      if (!result.affected) return null;
      return manager.findOneOrFail(UserAuthInfo, { where: { userId } });
    });
  }

  @CacheEvict({ entity: UserAuthInfo, keys: (userId: string) => [{ userId }] })
  async delete(userId: string): Promise<boolean> {
    const result = await this.repository.delete({ userId });
    return Boolean(result.affected);
  }
}
