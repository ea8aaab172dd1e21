import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CACHE_ENTITY_CONFIGS } from './cache.constants.js';
import type { CacheEntityConfig } from './config/cache-entity-config.interface.js';
import { findAmbiguousKeyCollations } from './config/key-collations.js';

/**
 * Start-up warnings about the schema, once the migrations have run: key columns whose collation
 * makes different strings equal (docs/consistency.md, "Configure an entity").
 */
@Injectable()
export class CacheStartupChecks implements OnApplicationBootstrap {
  private readonly logger = new Logger('Cache');

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CACHE_ENTITY_CONFIGS) private readonly configs: CacheEntityConfig[],
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      for (const found of await findAmbiguousKeyCollations(this.dataSource, this.configs)) {
        this.logger.warn(found.message);
      }
    } catch (error) {
      this.logger.warn(`could not check the key columns' collations: ${(error as Error).message}`);
    }
  }
}
