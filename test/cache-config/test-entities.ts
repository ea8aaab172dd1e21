import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CacheEntity } from '../../src/cache/index.js';

/** Unique on (tenantId, login) together, a plain index on tenantId, a unique constraint on email+tenantId. */
@Entity({ name: 't_cc_tenant_account' })
@Index(['tenantId', 'login'], { unique: true })
@Index(['tenantId'])
@Unique(['email', 'tenantId'])
export class TenantAccount {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'tenant_id', type: 'int' })
  tenantId!: number;

  @Column({ type: 'varchar', length: 64 })
  login!: string;

  @Column({ type: 'varchar', length: 128 })
  email!: string;
}

/** Configured by its decorator only. */
@CacheEntity({
  keyPrefix: 'ARTICLE',
  keyProperties: ['slug'],
  expire: { value: 5, unit: 'MINUTES' },
  poThrows: false,
})
@Entity({ name: 't_cc_article' })
export class Article {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64, unique: true })
  slug!: string;

  @Column({ type: 'varchar', length: 64 })
  title!: string;
}

/** A decorator that leaves expire and poThrows to the XML or the defaults. */
@CacheEntity({ keyPrefix: 'COMMENT', keyProperties: ['id'] })
@Entity({ name: 't_cc_comment' })
export class ArticleComment {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 256 })
  body!: string;
}

@CacheEntity({ keyPrefix: 'bad prefix', keyProperties: ['id'] })
@Entity({ name: 't_cc_bad_prefix_note' })
export class BadPrefixNote {
  @PrimaryGeneratedColumn()
  id!: number;
}

@CacheEntity({ keyPrefix: 'NOTE', keyProperties: ['title'] })
@Entity({ name: 't_cc_non_unique_note' })
export class NonUniqueKeyNote {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 64 })
  title!: string;
}

@CacheEntity({ keyPrefix: 'ARTICLE', keyProperties: ['id'] })
@Entity({ name: 't_cc_same_prefix_note' })
export class SamePrefixAsArticleNote {
  @PrimaryGeneratedColumn()
  id!: number;
}

/** Typed options can still be wrong at run time (JavaScript callers, casts). */
@CacheEntity({
  keyPrefix: 'EXPIRE_NOTE',
  keyProperties: ['id'],
  expire: { value: 0, unit: 'SECONDS' },
})
@Entity({ name: 't_cc_zero_expire_note' })
export class ZeroExpireNote {
  @PrimaryGeneratedColumn()
  id!: number;
}
