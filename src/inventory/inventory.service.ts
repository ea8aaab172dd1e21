import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { isDuplicateKeyError } from '../common/mysql-errors.js';
import { LockService, type Mutex } from '../lock/index.js';
import { CreateInventoryDto } from './dto/create-inventory.dto.js';
import { Inventory } from './inventory.entity.js';
import { InsufficientStockError, UnknownGoodsError } from './inventory.errors.js';
import { InventoryRepository, type Sale, type SaleLine } from './inventory.repository.js';

/** A sale waits this long for its locks, then answers 503 with Retry-After. */
const SALE_LOCK_WAIT_MS = 2000;

@Injectable()
export class InventoryService {
  constructor(
    private readonly inventory: InventoryRepository,
    private readonly locks: LockService,
  ) {}

  async create(dto: CreateInventoryDto): Promise<Inventory> {
    try {
      return await this.inventory.insert({ goodsId: dto.goodsId, number: dto.number });
    } catch (error) {
      if (isDuplicateKeyError(error)) {
        throw new ConflictException(`goods ${dto.goodsId} already exist`);
      }
      throw error;
    }
  }

  async get(goodsId: number): Promise<Inventory> {
    const row = await this.inventory.findByGoodsId(goodsId);
    if (!row) throw new NotFoundException(`goods ${goodsId} not found`);
    return row;
  }

  async setNumber(goodsId: number, number: number): Promise<Inventory> {
    const row = await this.inventory.setNumber(goodsId, number);
    if (!row) throw new NotFoundException(`goods ${goodsId} not found`);
    return row;
  }

  /**
   * Takes the locks of all the sale's goods (sorted, so sales never deadlock), then deducts with
   * fenced writes: a sale whose lock expired and was taken over is refused by MySQL
   * (`FencedOutError`, 503) rather than trusted to the lock's validity. A lock not acquired in
   * time is `LockTimeoutError` (503 with Retry-After, see `LockUnavailableFilter`).
   */
  async sell(lines: SaleLine[]): Promise<Sale> {
    // Unknown goods are refused before any lock is taken: each lock would leave its fencing
    // counter in Redis for a minute, a key per made-up goodsId (README, "Keys a request
    // leaves"). Goods are never deleted, so goods found here still exist under the lock.
    const [missing] = await this.inventory.missingGoods(lines.map((line) => line.goodsId));
    if (missing !== undefined) throw new NotFoundException(new UnknownGoodsError(missing).message);
    const mutex = await this.locks.lock(
      lines.map((line) => saleLockResource(line.goodsId)),
      { waitTimeoutMs: SALE_LOCK_WAIT_MS, fencing: true },
    );
    try {
      return await this.inventory.sell(lines, fencesByGoods(mutex, lines));
    } catch (error) {
      if (error instanceof UnknownGoodsError) throw new NotFoundException(error.message);
      if (error instanceof InsufficientStockError) throw new ConflictException(error.message);
      throw error;
    } finally {
      // The outcome of the sale rests on the fenced writes, not on the release.
      await mutex.unlock().catch(() => undefined);
    }
  }
}

export function saleLockResource(goodsId: number): string {
  return `inventory:${goodsId}`;
}

function fencesByGoods(mutex: Mutex, lines: readonly SaleLine[]): Map<number, number> {
  const fences = mutex.fences;
  return new Map(lines.map((line) => [line.goodsId, fences.get(saleLockResource(line.goodsId))!]));
}
