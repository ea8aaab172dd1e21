import type { ValueTransformer } from 'typeorm';

/** BIGINT columns arrive as strings; ours stay below 2^53, so a number is exact. */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};
