import { Injectable, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { Redis } from 'ioredis';
import {
  Column,
  DataSource,
  DeleteDateColumn,
  Entity,
  PrimaryGeneratedColumn,
  type Repository,
} from 'typeorm';
import { Cacheable } from '../../src/cache/index.js';
import { CACHE_PROBE, cacheKeys, type CacheProbe } from '../../src/cache/testing.js';
import { ambientTransactions } from '../../src/database/ambient-transactions.js';
import { ensureDatabase } from '../../src/database/ensure-database.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';
import { REDIS_CLIENT } from '../../src/redis/redis.constants.js';
import { RedisModule } from '../../src/redis/redis.module.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { dropDatabase, testConfig } from '../support/test-env.js';
import { Gate, holdOnce } from './support/gate.js';
import { demoCacheModule } from './support/demo-cache-module.js';

/** Cached by a key MySQL generates, and soft-deletable: the rows of the write-API table the demo's entities cannot show. */
@Entity({ name: 't_note' })
class Note {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  stars!: number;

  @DeleteDateColumn({ name: 'deleted_at', type: 'datetime', precision: 3, nullable: true })
  deletedAt!: Date | null;
}

/** Cached by a case-insensitive column: MySQL finds `Alpha` for `ALPHA`. */
@Entity({ name: 't_tag' })
class Tag {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32, unique: true, collation: 'utf8mb4_general_ci' })
  name!: string;
}

@Injectable()
class Notes {
  constructor(private readonly dataSource: DataSource) {}

  @Cacheable<[id: number]>({ entity: Note, key: (id) => ({ id }) })
  find(id: number): Promise<Note | null> {
    return this.dataSource.getRepository(Note).findOne({ where: { id } });
  }

  @Cacheable<[name: string]>({ entity: Tag, key: (name) => ({ name }) })
  tag(name: string): Promise<Tag | null> {
    return this.dataSource.getRepository(Tag).findOne({ where: { name } });
  }
}

describe('ordinary TypeORM writes: soft deletes and generated keys', () => {
  const config = testConfig();
  let app: INestApplication;
  let notes: Notes;
  let repo: Repository<Note>;
  let redis: Redis;
  let probe: CacheProbe;
  beforeAll(async () => {
    await ensureDatabase(config.mysql);
    const moduleRef = await Test.createTestingModule({
      imports: [
        ambientTransactions(),
        TypeOrmModule.forRoot({
          type: 'mysql',
          host: config.mysql.host,
          port: config.mysql.port,
          username: config.mysql.user,
          password: config.mysql.password,
          database: config.mysql.database,
          entities: [Note, Tag],
          synchronize: true,
          poolSize: 2,
        }),
        RedisModule.forRoot(config.redis),
        MetricsModule,
        demoCacheModule({
          entities: [
            {
              entity: Note,
              entityName: 'Note',
              keyPrefix: 'NOTE',
              keyProperties: ['id'],
              poThrows: true,
              ttlMs: undefined,
              source: 'typeorm-soft-writes.e2e-spec.ts',
            },
            {
              entity: Tag,
              entityName: 'Tag',
              keyPrefix: 'TAG',
              keyProperties: ['name'],
              poThrows: true,
              ttlMs: undefined,
              source: 'typeorm-soft-writes.e2e-spec.ts',
            },
          ],
        }),
      ],
      providers: [Notes],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    notes = app.get(Notes);
    repo = app.get(DataSource).getRepository(Note);
    redis = app.get<Redis>(REDIS_CLIENT);
    probe = app.get<CacheProbe>(CACHE_PROBE);
  });
  afterEach(() => probe.install({}));
  afterAll(async () => {
    await app.close();
    await deleteKeysWithPrefix(config.redis.url, config.redis.keyPrefix);
    await dropDatabase(config);
  });

  const row = (id: number) => cacheKeys('NOTE', [id]).row;

  /** A reader loads `id` and pauses before its fill; `write` runs; the reader resumes. */
  async function raceWith(id: number, write: () => Promise<unknown>): Promise<void> {
    const fill = new Gate();
    probe.install({ beforeFill: holdOnce(fill, row(id)) });
    const read = notes.find(id);
    await fill.reached;
    await write();
    fill.open();
    await read;
    probe.install({});
    expect(await redis.exists(`${row(id)}:lock`)).toBe(0); // every writer ended
  }

  /** A new note, not cached. */
  async function freshNote(stars = 1): Promise<number> {
    const { id } = await repo.save(repo.create({ stars }));
    expect(await redis.exists(row(id))).toBe(0);
    return id;
  }

  it.each([
    ['repository.softDelete', (id: number) => repo.softDelete({ id })],
    [
      'repository.softRemove',
      async (id: number) => repo.softRemove(await repo.findOneByOrFail({ id })),
    ],
  ] as const)('%s leaves no soft-deleted row cached', async (_api, write) => {
    const id = await freshNote();
    await raceWith(id, () => write(id)); // the reader loaded the row before it was deleted
    expect(await redis.exists(row(id))).toBe(0);
    expect(await notes.find(id)).toBeNull();
    expect(await redis.get(row(id))).toBe('#nil');
  });

  it.each([
    ['repository.restore', (id: number) => repo.restore({ id })],
    [
      'repository.recover',
      async (id: number) =>
        repo.recover(await repo.findOneOrFail({ where: { id }, withDeleted: true })),
    ],
  ] as const)('%s leaves no negative marker of the restored row', async (_api, write) => {
    const id = await freshNote();
    await repo.softDelete({ id });
    await raceWith(id, () => write(id)); // the reader loaded "no such row" before the restore
    expect(await redis.exists(row(id))).toBe(0);
    expect(await notes.find(id)).toMatchObject({ id, stars: 1 });
  });

  it('repository.decrement leaves no stale row cached', async () => {
    const id = await freshNote(5);
    await raceWith(id, () => repo.decrement({ id }, 'stars', 2));
    expect(await redis.exists(row(id))).toBe(0);
    expect(await notes.find(id)).toMatchObject({ stars: 3 });
  });

  it('an insert with a generated key invalidates the absence cached under that key', async () => {
    const { id: last } = await repo.save(repo.create({ stars: 0 }));
    const next = last + 1;
    expect(await notes.find(next)).toBeNull(); // "no such row" cached for the next id
    expect(await redis.get(row(next))).toBe('#nil');
    await repo.insert({ stars: 7 }); // MySQL gives it `next`
    expect(await notes.find(next)).toMatchObject({ id: next, stars: 7 });
    expect(await notes.find(next + 1)).toBeNull(); // cached absence again
    await app.get(TransactionHost).withTransaction(async () => {
      const tx = app.get(TransactionHost).tx as typeof repo.manager;
      await tx.save(tx.create(Note, { stars: 8 })); // generated in a transaction
      expect(await redis.exists(row(next + 1))).toBe(0); // begun: the absence is gone
      expect(await redis.zcard(`${row(next + 1)}:lock`)).toBe(1); // and ends after the commit
    });
    expect(await notes.find(next + 1)).toMatchObject({ id: next + 1, stars: 8 });
  });

  it('a case variant of a key loads the row but never fills it under the variant', async () => {
    await app.get(DataSource).getRepository(Tag).insert({ name: 'Alpha' });
    expect(await notes.tag('ALPHA')).toMatchObject({ name: 'Alpha' });
    expect(await redis.exists(cacheKeys('TAG', ['ALPHA']).row)).toBe(0);
    expect(await notes.tag('Alpha')).toMatchObject({ name: 'Alpha' });
    expect(await redis.exists(cacheKeys('TAG', ['Alpha']).row)).toBe(1);
  });
});
