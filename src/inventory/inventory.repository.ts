import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import type { EntityManager } from 'typeorm';
import { Cacheable, CacheEvict } from '../cache/index.js';
import { FencedOutError, fencedWrite } from '../lock/index.js';
import { Inventory } from './inventory.entity.js';
import { InsufficientStockError, UnknownGoodsError } from './inventory.errors.js';
import { SellRecord } from './sell-record.entity.js';

export interface SaleLine {
  goodsId: number;
  num: number;
}

export interface SoldLine extends SaleLine {
  left: number;
}

export interface Sale {
  orderId: string;
  lines: SoldLine[];
}

/**
 * The inventory repository: by the primary key `goods_id` only, whole rows, in the caller's
 * transaction when there is one (`TransactionHost.tx`).
 */
@Injectable()
export class InventoryRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Cacheable<[goodsId: number]>({ entity: Inventory, key: (goodsId) => ({ goodsId }) })
  async findByGoodsId(goodsId: number): Promise<Inventory | null> {
    return this.txHost.tx.findOne(Inventory, { where: { goodsId } });
  }

  @CacheEvict<[row: Pick<Inventory, 'goodsId'>]>({
    entity: Inventory,
    keys: (row) => [{ goodsId: row.goodsId }],
  })
  async insert(row: Pick<Inventory, 'goodsId' | 'number'>): Promise<Inventory> {
    const repository = this.txHost.tx.getRepository(Inventory);
    await repository.insert(row);
    return repository.findOneOrFail({ where: { goodsId: row.goodsId } });
  }

  /** The ids among `goodsIds` that have no row, smallest first (read on the primary, uncached). */
  async missingGoods(goodsIds: readonly number[]): Promise<number[]> {
    const rows = await this.txHost.tx.query<{ goods_id: number | string }[]>(
      'SELECT goods_id FROM t_inventory WHERE goods_id IN (?)',
      [goodsIds],
    );
    const found = new Set(rows.map((row) => Number(row.goods_id)));
    return goodsIds.filter((goodsId) => !found.has(goodsId)).sort((a, b) => a - b);
  }

  /** Sets the stock and bumps `version`; null when the goods do not exist. */
  @CacheEvict<[goodsId: number]>({ entity: Inventory, keys: (goodsId) => [{ goodsId }] })
  async setNumber(goodsId: number, number: number): Promise<Inventory | null> {
    const manager = this.txHost.tx;
    const result = await manager
      .createQueryBuilder()
      .update(Inventory)
      .set({ number, version: () => 'version + 1' })
      .where('goods_id = :goodsId', { goodsId })
      .execute();
    if (!result.affected) return null;
    return manager.findOneOrFail(Inventory, { where: { goodsId } });
  }

  /**
   * Deducts every line and records it in one transaction: all lines or none. Each deduction is
   * conditional on enough stock (`number >= num`), so stock never goes negative; `fence`, when
   * given, makes each row refuse a writer whose lock token is older than the last one applied.
   */
  @CacheEvict<[lines: SaleLine[]]>({
    entity: Inventory,
    keys: (lines) => lines.map(({ goodsId }) => ({ goodsId })),
  })
  async sell(lines: SaleLine[], fence?: number | ReadonlyMap<number, number>): Promise<Sale> {
    const orderId = randomUUID();
    const sorted = [...lines].sort((a, b) => a.goodsId - b.goodsId);
    const manager = this.txHost.tx;
    const sold: SoldLine[] = [];
    for (const line of sorted) {
      sold.push(await this.deduct(manager, line, fence));
    }
    await manager.insert(
      SellRecord,
      sorted.map((line) => ({ orderId, goodsId: line.goodsId, num: line.num })),
    );
    const byGoods = new Map(sold.map((line) => [line.goodsId, line]));
    return { orderId, lines: lines.map((line) => byGoods.get(line.goodsId)!) };
  }

  /**
   * `fence`: one fencing token for every line, or one per goods id (the tokens of a
   * multi-resource lock). A row already written by a newer token refuses this one.
   */
  private async deduct(
    manager: EntityManager,
    line: SaleLine,
    fence?: number | ReadonlyMap<number, number>,
  ): Promise<SoldLine> {
    const token = typeof fence === 'number' ? fence : fence?.get(line.goodsId);
    const fenced = token === undefined ? undefined : fencedWrite();
    const result = await manager.query<{ affectedRows: number }>(
      `UPDATE t_inventory SET number = number - ?, version = version + 1${fenced ? `, ${fenced.set}` : ''}
        WHERE goods_id = ? AND number >= ?${fenced ? ` AND ${fenced.where}` : ''}`,
      fenced
        ? [line.num, token, line.goodsId, line.num, token]
        : [line.num, line.goodsId, line.num],
    );
    if (result.affectedRows === 1) {
      const [row] = await manager.query<{ number: number }[]>(
        'SELECT number FROM t_inventory WHERE goods_id = ?',
        [line.goodsId],
      );
      return { goodsId: line.goodsId, num: line.num, left: row.number };
    }
    // A locking read: it sees the latest committed row, not this transaction's older snapshot.
    const rows = await manager.query<{ number: number; fence: number | string }[]>(
      'SELECT number, fence FROM t_inventory WHERE goods_id = ? FOR UPDATE',
      [line.goodsId],
    );
    if (rows.length === 0) throw new UnknownGoodsError(line.goodsId);
    if (token !== undefined && Number(rows[0].fence) > token) {
      throw new FencedOutError(`inventory:${line.goodsId}`, token, Number(rows[0].fence));
    }
    throw new InsufficientStockError(line.goodsId, line.num, rows[0].number);
  }
}
