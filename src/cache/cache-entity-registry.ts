import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { CacheEntityConfig, EntityClass } from './config/cache-entity-config.interface.js';
import { CACHE_ENTITY_CONFIGS, CACHE_OPTIONS } from './cache.constants.js';
import { CachedEntity } from './cached-entity.js';
import { CacheMetrics } from './cache-metrics.js';
import type { ResolvedCacheOptions } from './cache-module-options.interface.js';
import { RowCodec } from './row-codec.js';

const DATE_TYPES: readonly unknown[] = [Date, 'datetime', 'timestamp'];

/** The cached entities, by class, with their codecs and bound counters. */
@Injectable()
export class CacheEntityRegistry {
  private readonly byClass = new Map<EntityClass, CachedEntity>();

  constructor(
    @Inject(CACHE_ENTITY_CONFIGS) configs: CacheEntityConfig[],
    @Inject(CACHE_OPTIONS) options: ResolvedCacheOptions,
    dataSource: DataSource,
    metrics: CacheMetrics,
  ) {
    for (const config of configs) {
      const columns = dataSource.getMetadata(config.entity).columns;
      const codec = new RowCodec(
        config.entity,
        columns.map((column) => column.propertyName),
        columns.filter((column) => DATE_TYPES.includes(column.type)).map((c) => c.propertyName),
      );
      this.byClass.set(
        config.entity,
        new CachedEntity(
          config,
          codec,
          metrics.forEntity(config.entityName),
          options.defaultTtlMs,
          options.ttlJitter,
        ),
      );
    }
  }

  get(entity: EntityClass): CachedEntity | undefined {
    return this.byClass.get(entity);
  }

  all(): CachedEntity[] {
    return [...this.byClass.values()];
  }
}
