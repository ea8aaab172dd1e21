import type { CacheStrategyName } from '../../src/cache/index.js';
import type { CdcMode } from './stress-options.js';

/** `naive`, or `naive cdc=binlog` when the run sets the apps' CACHE_CDC. */
export function strategyLabel(strategy: CacheStrategyName, cdc: CdcMode | undefined): string {
  return cdc ? `${strategy} cdc=${cdc}` : strategy;
}

/** A label as part of a file name: `naive-cdc-binlog`. */
export function fileLabel(label: string): string {
  return label.replace(/[ =]/g, '-');
}
