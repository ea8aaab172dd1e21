import { Injectable, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { ClsPluginTransactional } from '@nestjs-cls/transactional';
import { TransactionalAdapterTypeOrm } from '@nestjs-cls/transactional-adapter-typeorm';
import { Redis } from 'ioredis';
import { ClsModule } from 'nestjs-cls';
import { Column, DataSource, Entity, PrimaryColumn, type Repository } from 'typeorm';
import {
  Cacheable,
  CacheEntity,
  CacheModule,
  type CacheCount,
  type CacheObserver,
  type CacheRequestResult,
} from '../../src/cache/index.js';
import { DistributedLock, LockModule, LockService, LockTakenError } from '../../src/lock/index.js';
import { connectMysql, dropDatabase, mysqlServerFromEnv } from '../../support/mysql-server.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { uniqueName } from '../../support/unique-name.js';

/*
 * An app that is not the demo: its own entity, its own modules, the cache and the lock taken
 * only from their public entries (src/cache/index.ts, src/lock/index.ts), each given its own
 * Redis client or URLs, the cache its DataSource, as a stranger adopting them would.
 */

@CacheEntity({ keyPrefix: 'SCRATCH_Note', keyProperties: ['slug'] })
@Entity({ name: 'scratch_note' })
class Note {
  @PrimaryColumn({ type: 'varchar', length: 64, collation: 'utf8mb4_bin' })
  slug!: string;

  @Column({ type: 'varchar', length: 200 })
  body!: string;
}

@Injectable()
class Notes {
  runs = 0;

  constructor(@InjectRepository(Note) private readonly repository: Repository<Note>) {}

  @Cacheable<[string]>({ entity: Note, key: (slug) => ({ slug }) })
  find(slug: string): Promise<Note | null> {
    return this.repository.findOneBy({ slug });
  }

  /** An ordinary TypeORM write: the cache follows it without an annotation. */
  async rewrite(slug: string, body: string): Promise<void> {
    await this.repository.update({ slug }, { body });
  }

  @DistributedLock('scratch:digest', { whenLocked: 'skip' })
  async digest(): Promise<void> {
    this.runs++;
  }
}

/** Counts the cache's reads by result: the observer a user plugs in instead of prom-client. */
class CountingObserver implements CacheObserver {
  readonly requests: Record<CacheRequestResult, number> = {
    hit: 0,
    miss: 0,
    bypass: 0,
    negative_hit: 0,
    unavailable: 0,
  };

  forEntity() {
    const ignored: CacheCount = { inc: () => undefined };
    const count = (result: CacheRequestResult): CacheCount => ({
      inc: () => void this.requests[result]++,
    });
    return {
      requests: {
        hit: count('hit'),
        miss: count('miss'),
        bypass: count('bypass'),
        negative_hit: count('negative_hit'),
        unavailable: count('unavailable'),
      },
      stored: ignored,
      rejected: ignored,
      keyMismatch: ignored,
      dbLoad: ignored,
      invalidationFailed: ignored,
      unkeyedWrite: ignored,
    };
  }
}

describe('a scratch app built on the two libraries’ public entries', () => {
  const server = mysqlServerFromEnv();
  const database = uniqueName('scratch');
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `${uniqueName('scratch')}:`;
  const observer = new CountingObserver();
  let redis: Redis;
  let dataSource: DataSource;
  let app: INestApplication;

  beforeAll(async () => {
    const admin = await connectMysql(server);
    await admin.query(`CREATE DATABASE \`${database}\``);
    await admin.end();
    dataSource = new DataSource({
      type: 'mysql',
      ...server,
      username: server.user,
      database,
      entities: [Note],
      synchronize: true,
      poolSize: 2,
    });
    await dataSource.initialize(); // the app's own, as forRoot takes it
    redis = new Redis(redisUrl, { keyPrefix, enableOfflineQueue: false });

    @Module({
      imports: [
        TypeOrmModule.forRootAsync({
          useFactory: () => ({}),
          dataSourceFactory: async () => dataSource,
        }),
        TypeOrmModule.forFeature([Note]),
        ClsModule.forRoot({
          plugins: [
            new ClsPluginTransactional({
              adapter: new TransactionalAdapterTypeOrm({ dataSourceToken: DataSource }),
            }),
          ],
        }),
        CacheModule.forRoot({ redis, dataSource, observer }),
        LockModule.forRoot({ redisUrls: [redisUrl], keyPrefix }),
      ],
      providers: [Notes],
    })
    class ScratchModule {}

    const moduleRef = await Test.createTestingModule({ imports: [ScratchModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await dataSource.getRepository(Note).insert({ slug: 'hello', body: 'first' });
  });

  afterAll(async () => {
    await app?.close();
    redis?.disconnect();
    await deleteKeysWithPrefix(redisUrl, keyPrefix);
    await dropDatabase(server, database);
  });

  it('caches its own entity: a miss, then hits, and a write seen at once', async () => {
    const notes = app.get(Notes);

    expect(await notes.find('hello')).toMatchObject({ slug: 'hello', body: 'first' });
    expect(await notes.find('hello')).toMatchObject({ body: 'first' });
    expect(await redis.exists('SCRATCH_Note:{hello}')).toBe(1);
    expect(observer.requests).toMatchObject({ miss: 1, hit: 1 });

    await notes.rewrite('hello', 'second');
    expect(await notes.find('hello')).toMatchObject({ body: 'second' });
    expect(await notes.find('missing')).toBeNull();
  });

  it('takes a lock, and a locked method skips while another holder has it', async () => {
    const notes = app.get(Notes);
    const locks = app.get(LockService);

    await notes.digest();
    expect(notes.runs).toBe(1);

    await locks.using('scratch:digest', async () => {
      await notes.digest();
      await expect(locks.tryLock('scratch:digest')).rejects.toBeInstanceOf(LockTakenError);
    });
    expect(notes.runs).toBe(1);

    await notes.digest();
    expect(notes.runs).toBe(2);
  });
});
