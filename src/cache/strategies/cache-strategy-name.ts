/** `lease` and the strategies it is compared with (docs/consistency.md, "The other strategies"). */
export const CACHE_STRATEGY_NAMES = [
  'none',
  'naive',
  'double-delete',
  'seed-lock',
  'delete-lock',
  'lease',
] as const;

export type CacheStrategyName = (typeof CACHE_STRATEGY_NAMES)[number];
