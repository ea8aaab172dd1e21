import { Injectable } from '@nestjs/common';
import type {
  CacheStrategy,
  CacheWrite,
  MissOutcome,
  ReadMiss,
} from './cache-strategy.interface.js';

/** No cache at all: every read is a MySQL load. The baseline. */
@Injectable()
export class NoneStrategy implements CacheStrategy {
  readonly name = 'none';
  readonly usesCache = false;

  async miss(read: ReadMiss): Promise<MissOutcome> {
    return { row: (await read.load()).row, result: 'bypass' };
  }

  write<T>(write: CacheWrite<T>): Promise<T> {
    return write.run();
  }
}
