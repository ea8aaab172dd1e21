import { Injectable, Module, SetMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { INestApplicationContext } from '@nestjs/common';
import { DistributedLock, LockModule } from '../../src/lock/index.js';
import { deleteKeysWithPrefix } from '../../support/redis-keys.js';
import { uniqueName } from '../../support/unique-name.js';

/** A one-instance-only job whose lock name comes from its argument. */
@Injectable()
class AuditJob {
  runs: string[] = [];
  gate: Promise<void> = Promise.resolve();

  @DistributedLock('audit:{0}')
  async audit(shop: string): Promise<string> {
    this.runs.push(shop);
    await this.gate;
    return `audited ${shop}`;
  }

  @DistributedLock((shop: string) => `report:${shop}`, { whenLocked: 'throw' })
  @SetMetadata('role', 'job')
  async report(shop: string): Promise<string> {
    await this.gate;
    return `reported ${shop}`;
  }
}

@Module({ providers: [AuditJob] })
class JobsModule {}

/** One app instance: its own LockModule (own clients) on the shared Redis, same prefix. */
async function instance(keyPrefix: string, async: boolean): Promise<INestApplicationContext> {
  const options = { redisUrls: [process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'], keyPrefix };
  const moduleRef = await Test.createTestingModule({
    imports: [
      async
        ? LockModule.forRootAsync({ useFactory: () => Promise.resolve(options) })
        : LockModule.forRoot(options),
      JobsModule,
    ],
  }).compile();
  return moduleRef.init();
}

describe('@DistributedLock', () => {
  const prefix = `${uniqueName('lock_job')}:`;
  let first: INestApplicationContext;
  let second: INestApplicationContext;
  beforeAll(async () => {
    [first, second] = await Promise.all([instance(prefix, false), instance(prefix, true)]);
  });
  afterAll(async () => {
    await Promise.all([first.close(), second.close()]);
    await deleteKeysWithPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', prefix);
  });

  it('runs the job on one instance at a time and skips it on the others', async () => {
    const a = first.get(AuditJob);
    const b = second.get(AuditJob);
    let open!: () => void;
    a.gate = new Promise((resolve) => (open = resolve));
    const running = a.audit('north');
    while (a.runs.length === 0) await new Promise((resolve) => setImmediate(resolve));
    expect(await b.audit('north')).toBeUndefined(); // skipped: held by the first instance
    expect(await b.audit('south')).toBe('audited south'); // another name, another lock
    open();
    expect(await running).toBe('audited north');
    expect(await b.audit('north')).toBe('audited north'); // free again
  });

  it("throws LockTakenError when asked to, and keeps other decorators' metadata", async () => {
    const a = first.get(AuditJob);
    const b = second.get(AuditJob);
    let open!: () => void;
    a.gate = new Promise((resolve) => (open = resolve));
    const running = a.report('east');
    await expect(
      (async () => {
        for (;;) {
          await b.report('east');
        }
      })(),
    ).rejects.toMatchObject({ name: 'LockTakenError' });
    open();
    await running;
    expect(Reflect.getMetadata('role', AuditJob.prototype.report)).toBe('job');
  });
});
