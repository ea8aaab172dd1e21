import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../database/column-transformers.js';

@Entity({ name: 't_user_auth_info' })
export class UserAuthInfo {
  @PrimaryColumn({
    type: 'bigint',
    unsigned: true,
    generated: 'increment',
    transformer: bigintToNumber,
  })
  id!: number;

  @Column({ name: 'user_id', type: 'varchar', length: 64, unique: true })
  userId!: string;

  @Column({ name: 'user_level', type: 'int' })
  userLevel!: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  nickname!: string | null;

  @Column({ type: 'int', default: 1 })
  version!: number;

  /** Maintained by MySQL (ON UPDATE CURRENT_TIMESTAMP(3)), never written by the app. */
  @Column({ name: 'updated_at', type: 'datetime', precision: 3, insert: false, update: false })
  updatedAt!: Date;
}
