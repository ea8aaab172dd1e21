import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/column-transformers.js';

@Entity({ name: 't_sell_record' })
export class SellRecord {
  @PrimaryColumn({
    type: 'bigint',
    unsigned: true,
    generated: 'increment',
    transformer: bigintToNumber,
  })
  id!: number;

  @Column({ name: 'order_id', type: 'char', length: 36 })
  orderId!: string;

  @Column({ name: 'goods_id', type: 'bigint', unsigned: true, transformer: bigintToNumber })
  goodsId!: number;

  @Column({ type: 'int' })
  num!: number;

  @CreateDateColumn({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;
}
