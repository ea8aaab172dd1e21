import type { CacheProbe } from '../cache-probe.js';
import type { CacheRedis } from '../cache-redis.js';
import type { ResolvedCacheOptions } from '../cache-module-options.interface.js';
import type {
  BatchMiss,
  CacheStrategy,
  MissOutcome,
  ReadMiss,
  WriteSet,
} from './cache-strategy.interface.js';
import { LeaseReader } from './lease-reader.js';
import { LeaseWriter } from './lease-writer.js';

/**
 * The default: leases for readers, a marker of every writer in progress that voids them.
 * Round trips: hit 1 (the aspect's GET), miss 3 (GET, lease-acquire, fill), write 2 per
 * transaction (write-begin, write-end; a transaction's rows are sent together).
 */
export class LeaseStrategy implements CacheStrategy {
  readonly name = 'lease';
  readonly usesCache = true;
  readonly singleFlight = true;
  private readonly reader: LeaseReader;
  private readonly writer: LeaseWriter;

  constructor(redis: CacheRedis, probe: CacheProbe, options: ResolvedCacheOptions) {
    this.reader = new LeaseReader(redis, probe, options);
    this.writer = new LeaseWriter(redis, probe, options);
  }

  miss(read: ReadMiss): Promise<MissOutcome> {
    return this.reader.miss(read);
  }

  missMany(batch: BatchMiss): Promise<Map<string, MissOutcome>> {
    return this.reader.missMany(batch);
  }

  beginWrite(write: WriteSet): Promise<void> {
    return this.writer.begin(write);
  }

  endWrite(write: WriteSet, committed: boolean): Promise<boolean> {
    return this.writer.end(write, committed);
  }
}
