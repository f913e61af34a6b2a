/**
 * `Memory`: joblib's caching of function results, for TypeScript. A cached
 * function stores each result under a hash of its arguments; a second call
 * with equal arguments loads the result instead of running the function.
 */
import {
  type CacheOptions,
  createMemorizedFunc,
  type MemorizedFunc,
  type MemoryContext,
} from './memorized-func.ts';
import { openStore } from './open-store.ts';
import { checkMmapMode } from './options.ts';
import { parseSize } from './size.ts';
import type { ItemInfo, Store } from './store.ts';

/** Options of {@link Memory}. */
export interface MemoryOptions {
  /**
   * How much to print: 0 nothing; 1 the banner on every miss (joblib's default);
   * 2 also a line per load from the cache; 5 also the load time.
   * @default 1
   */
  verbose?: number;
  /**
   * `'r'`: typed arrays in cached results come back as read-only views on the
   * loaded bytes, without a copy (joblib's `mmap_mode='r'`).
   * @default null
   */
  mmapMode?: 'r' | null;
  /** Where verbose lines go. @default console.log */
  log?: (text: string) => void;
  /** Where warnings go. @default console.warn */
  warn?: (text: string) => void;
}

/** Options of {@link Memory.reduceSize}. */
export interface ReduceSizeOptions {
  /** Keep at most this many bytes: a number, or `"10G"`, `"500M"`, `"50K"` (powers of 1024). */
  bytesLimit?: number | string;
  /** Keep at most this many results. */
  itemsLimit?: number;
  /** Delete results not accessed for this many milliseconds. */
  ageLimit?: number;
}

/** What `Memory.describe()` reports. */
export interface MemoryDescription {
  /** Which storage holds the cache: `filesystem`, `opfs`, `indexeddb` or `memory`. */
  store: Store['kind'] | 'none';
  location: string | null;
  items: number;
  bytes: number;
}

function checkVerbose(verbose: unknown): number {
  if (typeof verbose !== 'number' || !Number.isFinite(verbose)) {
    throw new TypeError(`Expected \`verbose\` to be a number, got ${String(verbose)}`);
  }
  return verbose;
}

/**
 * A cache of function results in one location.
 *
 * @example
 * const memory = new Memory('my-cache');
 * const slowSquare = memory.cache(async function slowSquare(x: number) { return x * x; });
 * await slowSquare(3); // runs, prints the banner, stores 9
 * await slowSquare(3); // loads 9
 */
export class Memory {
  /** The location as given: a name or path, or `null` for no caching. */
  readonly location: string | null;
  readonly verbose: number;
  readonly mmapMode: 'r' | null;
  readonly #log: (text: string) => void;
  readonly #warn: (text: string) => void;
  readonly #created = performance.now();
  readonly #checkedCode = new Map<string, string>();
  readonly #given: Store | null;
  readonly #pending = new Set<Promise<void>>();
  #store: Promise<Store | null> | undefined;

  /**
   * @param location where results live: a name (OPFS or IndexedDB in a
   *   browser, a folder in Node), `memory:name`, `opfs:name`, `indexeddb:name`,
   *   `file:path`, a `Store`, or `null` to cache nothing.
   */
  constructor(location: string | Store | null, options: MemoryOptions = {}) {
    if (location === null || typeof location === 'string') {
      if (typeof location === 'string' && location.trim() === '') {
        throw new TypeError(
          'Expected `location` to be a non-empty string, a Store or null, got ""',
        );
      }
      this.location = location;
      this.#given = null;
    } else if (typeof location === 'object' && typeof location.readOutput === 'function') {
      this.location = location.location;
      this.#given = location;
    } else {
      throw new TypeError(
        `Expected \`location\` to be a string, a Store or null, got ${String(location)}`,
      );
    }
    this.verbose = checkVerbose(options.verbose ?? 1);
    this.mmapMode = checkMmapMode(options.mmapMode) ?? null;
    this.#log = options.log ?? ((text) => console.log(text));
    this.#warn = options.warn ?? ((text) => console.warn(text));
  }

  /** The store, opened on first use. `null` when this Memory caches nothing. */
  store(): Promise<Store | null> {
    this.#store ??= this.#given
      ? Promise.resolve(this.#given)
      : this.location === null
        ? Promise.resolve(null)
        : openStore(this.location);
    return this.#store;
  }

  /**
   * Wraps `fn` so its results are cached here. The wrapper is async whether or
   * not `fn` is. Called with options only, returns a function that wraps.
   */
  cache<A extends unknown[], R>(fn: (...args: A) => R, options?: CacheOptions): MemorizedFunc<A, R>;
  cache(
    options: CacheOptions,
  ): <A extends unknown[], R>(fn: (...args: A) => R) => MemorizedFunc<A, R>;
  cache(fnOrOptions: unknown, options: CacheOptions = {}): unknown {
    if (typeof fnOrOptions !== 'function') {
      const given = (fnOrOptions ?? {}) as CacheOptions;
      return (fn: (...args: unknown[]) => unknown) => this.cache(fn, given);
    }
    return createMemorizedFunc(
      this.#context(),
      fnOrOptions as (...args: unknown[]) => unknown,
      options,
    );
  }

  /** Calls `fn(...args)` through the cache (joblib's `Memory.eval`). */
  eval<A extends unknown[], R>(fn: (...args: A) => R, ...args: A): Promise<Awaited<R>> {
    return this.cache(fn)(...args);
  }

  /** Deletes every cached result in this location (and forgets which sources were checked). */
  async clear(options: { warn?: boolean } = {}): Promise<void> {
    await this.settle();
    const store = await this.store();
    // Said once the store has accepted the folder: a refused folder gets only its error.
    await store?.clear();
    this.#checkedCode.clear();
    if (options.warn ?? true) this.#warn(`[${this}]: Flushing completely the cache`);
  }

  /**
   * Deletes least-recently-used results until the cache is within every limit
   * given. With no limits, does nothing.
   */
  async reduceSize(options: ReduceSizeOptions = {}): Promise<number> {
    const bytesLimit = options.bytesLimit === undefined ? undefined : parseSize(options.bytesLimit);
    const { itemsLimit, ageLimit } = options;
    if (itemsLimit !== undefined && (!Number.isInteger(itemsLimit) || itemsLimit < 0)) {
      throw new RangeError(
        `Expected \`itemsLimit\` to be a non-negative integer, got ${itemsLimit}`,
      );
    }
    if (ageLimit !== undefined && !(ageLimit >= 0)) {
      throw new RangeError(`ageLimit has to be a positive duration in ms, got ${ageLimit}`);
    }
    const store = await this.store();
    if (
      !store ||
      (bytesLimit === undefined && itemsLimit === undefined && ageLimit === undefined)
    ) {
      return 0;
    }
    const doomed = itemsToDelete(await store.items(), { bytesLimit, itemsLimit, ageLimit });
    for (const item of doomed) await store.deleteItem(item.funcId, item.argsId);
    return doomed.length;
  }

  /** Where the cache lives and how big it is. */
  async describe(): Promise<MemoryDescription> {
    await this.settle();
    const store = await this.store();
    if (!store) return { store: 'none', location: null, items: 0, bytes: 0 };
    const items = await store.items();
    const bytes = items.reduce((sum, item) => sum + item.size, 0);
    return { store: store.kind, location: store.location, items: items.length, bytes };
  }

  /** Closes the store (a database connection in browsers). */
  async close(): Promise<void> {
    await this.settle();
    const store = await this.#store;
    await store?.close();
    this.#store = undefined;
  }

  /**
   * Waits for the updates a cache hit leaves running (recording its last access,
   * which a hit does not wait for, so that a hit costs one read).
   */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }

  toString(): string {
    return `Memory(location=${this.location ?? 'None'})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }

  #context(): MemoryContext {
    return {
      verbose: this.verbose,
      mmapMode: this.mmapMode,
      log: this.#log,
      warn: this.#warn,
      elapsed: () => performance.now() - this.#created,
      store: () => this.store(),
      checkedCode: this.#checkedCode,
      defer: (update) => {
        const tracked = update.then(
          () => {},
          // A missed lastAccess only makes reduceSize's order a little less exact.
          () => {},
        );
        this.#pending.add(tracked);
        void tracked.then(() => this.#pending.delete(tracked));
      },
      settle: () => this.settle(),
      describe: () => this.location ?? 'None',
    };
  }
}

/**
 * joblib's `_get_items_to_delete`: least recently used first, until the
 * remaining size and count are within limits and nothing older than the age
 * limit is left.
 */
export function itemsToDelete(
  items: readonly ItemInfo[],
  limits: {
    bytesLimit?: number | undefined;
    itemsLimit?: number | undefined;
    ageLimit?: number | undefined;
  },
  now = Date.now(),
): ItemInfo[] {
  const total = items.reduce((sum, item) => sum + item.size, 0);
  const sizeToDelete = limits.bytesLimit === undefined ? 0 : total - limits.bytesLimit;
  const countToDelete = limits.itemsLimit === undefined ? 0 : items.length - limits.itemsLimit;
  const deadline = limits.ageLimit === undefined ? null : now - limits.ageLimit;
  const anyTooOld = deadline !== null && items.some((item) => item.lastAccess < deadline);
  if (sizeToDelete <= 0 && countToDelete <= 0 && !anyTooOld) return [];
  const sorted = [...items].sort((a, b) => a.lastAccess - b.lastAccess);
  const doomed: ItemInfo[] = [];
  let size = 0;
  for (const item of sorted) {
    if (
      size >= sizeToDelete &&
      doomed.length >= countToDelete &&
      (deadline === null || item.lastAccess >= deadline)
    ) {
      break;
    }
    doomed.push(item);
    size += item.size;
  }
  return doomed;
}
