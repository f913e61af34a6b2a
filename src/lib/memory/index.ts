/**
 * `yieldbook/memory`: joblib's `Memory` for TypeScript. Cache the results of
 * expensive functions in OPFS or IndexedDB (browsers) or a folder (Node), keyed
 * by a fast canonical hash of the arguments.
 *
 * @example
 * import { Memory } from 'yieldbook/memory';
 * const memory = new Memory('my-cache');
 * const f = memory.cache(function f(x: number) { return x * 2; });
 * await f(1); // computes and stores
 * await f(1); // loads
 *
 * @module
 */
export { cacheKey, type HasCacheKey } from './canonical.ts';
export { CacheItemError, HashingError, SerializeError } from './errors.ts';
export { formatTime, readableSource } from './format.ts';
export { hash } from './hash.ts';
export type { CacheOptions, MemorizedFunc } from './memorized-func.ts';
export { MemorizedResult, NotMemorizedResult } from './memorized-result.ts';
export {
  Memory,
  type MemoryDescription,
  type MemoryOptions,
  type ReduceSizeOptions,
} from './memory.ts';
export { hasIndexedDb, hasOpfs, openStore } from './open-store.ts';
export { isReadOnlyView } from './read-only.ts';
export type { ItemInfo, ItemMetadata, Store } from './store.ts';
export { MemoryStore } from './stores/memory-store.ts';

/** A validation callback that keeps results for the given time (joblib's `expires_after`). */
export function expiresAfter(ms: number): (metadata: { time: number }) => boolean {
  if (!(ms >= 0)) throw new RangeError(`Expected \`ms\` to be a non-negative number, got ${ms}`);
  return (metadata) => Date.now() - metadata.time < ms;
}
