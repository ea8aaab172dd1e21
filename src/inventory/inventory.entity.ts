import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/column-transformers.js';

@Entity({ name: 't_inventory' })
export class Inventory {
  @PrimaryColumn({ name: 'goods_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  goodsId!: number;

  @Column({ type: 'int' })
  number!: number;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Maintained by MySQL (ON UPDATE CURRENT_TIMESTAMP(3)), never written by the app. */
  @Column({ name: 'updated_at', type: 'datetime', precision: 3, insert: false, update: false })
  updatedAt!: Date;
}
