/**
 * The plain row lock of `seed-lock` and `delete-lock` (docs/consistency.md, "The other
 * strategies"): release only if still ours.
 * KEYS: 1 lock. ARGV: 1 token. Returns 1 released, 0 not ours.
 */
export const RELEASE_OWNED_LUA = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;
