/** The key of a lock; the braces are a Redis Cluster hash tag (see the API contract). */
export function lockKey(resource: string): string {
  return `lock:{${resource}}`;
}

/** The fencing counter of a lock: same hash tag, so scripts may touch both. */
export function fenceKeyOf(resource: string): string {
  return `lock:{${resource}}:fence`;
}
