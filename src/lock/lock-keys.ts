/** The key of a lock; the braces are a Redis Cluster hash tag (`docs/lock.md`, "Keys and scripts"). */
export function lockKey(resource: string): string {
  return `lock:{${resource}}`;
}

/** The fencing counter of a lock: same hash tag, so scripts may touch both. */
export function fenceKeyOf(resource: string): string {
  return `lock:{${resource}}:fence`;
}
