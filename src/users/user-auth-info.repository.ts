import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { In } from 'typeorm';
import { Cacheable } from '../cache/index.js';
import { UserAuthInfo } from './user-auth-info.entity.js';

export interface UserConditions {
  userLevel?: number;
}

/**
 * The user's own repository: every method works by the unique index `user_id`, returns whole
 * rows and runs in the caller's transaction when there is one (`TransactionHost.tx`). Reads are
 * `@Cacheable`; writes are plain TypeORM calls, which the cache follows on its own (its entity
 * subscriber), so they need no annotation.
 */
@Injectable()
export class UserAuthInfoRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  private get repository() {
    return this.txHost.tx.getRepository(UserAuthInfo);
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

  /** The rows of these userIds that exist, in the order asked. */
  @Cacheable<[userIds: readonly string[]]>({
    entity: UserAuthInfo,
    keys: (userIds) => userIds.map((userId) => ({ userId })),
    loadArgs: (keys) => [keys.map(({ userId }) => userId as string)],
  })
  async findByUserIds(userIds: readonly string[]): Promise<UserAuthInfo[]> {
    return this.repository.find({ where: { userId: In([...userIds]) } });
  }

  /** The row, locked against other writers until the caller's transaction ends. */
  async findForUpdate(userId: string): Promise<UserAuthInfo | null> {
    return this.repository.findOne({ where: { userId }, lock: { mode: 'pessimistic_write' } });
  }

  async insert(
    row: Pick<UserAuthInfo, 'userId' | 'userLevel' | 'nickname'>,
  ): Promise<UserAuthInfo> {
    await this.repository.insert(row);
    return this.repository.findOneOrFail({ where: { userId: row.userId } });
  }

  /** Saves a changed row and returns it as MySQL now has it (with its new `updatedAt`). */
  async save(row: UserAuthInfo): Promise<UserAuthInfo> {
    await this.repository.save(row);
    return this.repository.findOneOrFail({ where: { userId: row.userId } });
  }

  async delete(userId: string): Promise<boolean> {
    const result = await this.repository.delete({ userId });
    return Boolean(result.affected);
  }
}
