/**
 * `Memory` and cached functions, with the meaningful cases of joblib's own
 * test_memory.py (reference/joblib.md §23), against the in-memory and
 * filesystem stores.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CacheItemError,
  expiresAfter,
  HashingError,
  isReadOnlyView,
  Memory,
  type MemoryOptions,
  MemoryStore,
  type Store,
} from '../../../../src/lib/memory/index.ts';
import { itemsToDelete } from '../../../../src/lib/memory/memory.ts';
import { FileSystemStore } from '../../../../src/lib/memory/stores/fs-store.ts';

interface Captured {
  log: string[];
  warn: string[];
}

type QuietOptions = MemoryOptions & { captured: Captured };

/** Options that collect verbose lines and warnings instead of printing them. */
function quiet(options: MemoryOptions = {}): QuietOptions {
  const out: Captured = { log: [], warn: [] };
  return {
    verbose: 0,
    ...options,
    log: (text) => out.log.push(text),
    warn: (text) => out.warn.push(text),
    captured: out,
  };
}

function captured(options: QuietOptions): Captured {
  return options.captured;
}

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yb-memory-'));
  dirs.push(dir);
  return dir;
}

type StoreFactory = () => Promise<Store>;
const STORES: [string, () => Promise<StoreFactory>][] = [
  [
    'memory store',
    async () => {
      const store = new MemoryStore();
      return async () => store;
    },
  ],
  [
    'filesystem store',
    async () => {
      const dir = await tempDir();
      return async () => new FileSystemStore(join(dir, 'cache'));
    },
  ],
];

for (const [label, makeFactory] of STORES) {
  describe(`Memory with the ${label}`, () => {
    it('computes each distinct argument once; clear() computes again (test_memory_integration)', async () => {
      const open = await makeFactory();
      const memory = new Memory(await open(), quiet());
      const calls: number[] = [];
      const f = memory.cache(function f(x: number) {
        calls.push(x);
        return x * 2;
      });
      expect(await f(1)).toBe(2);
      expect(await f(1)).toBe(2);
      expect(await f(2)).toBe(4);
      expect(calls).toEqual([1, 2]);
      await f.clear({ warn: false });
      expect(await f(1)).toBe(2);
      expect(calls).toEqual([1, 2, 1]);
      expect(await memory.eval(f.func, 1)).toBe(2);
      expect(calls).toEqual([1, 2, 1]);
    });

    it('finds results again from a new Memory on the same location (test_persistence)', async () => {
      const open = await makeFactory();
      const calls: number[] = [];
      const make = async () =>
        new Memory(await open(), quiet()).cache(function f(x: number) {
          calls.push(x);
          return { x };
        });
      expect(await (await make())(3)).toEqual({ x: 3 });
      expect(await (await make())(3)).toEqual({ x: 3 });
      expect(calls).toEqual([3]);
    });

    it('never caches an error (test_memory_exception)', async () => {
      const open = await makeFactory();
      const memory = new Memory(await open(), quiet());
      let runs = 0;
      const boom = memory.cache(function boom(x: number) {
        runs += 1;
        if (x > 0) throw new RangeError(`bad ${x}`);
        return x;
      });
      await expect(boom(1)).rejects.toThrow('bad 1');
      await expect(boom(1)).rejects.toThrow('bad 1');
      expect(runs).toBe(2);
      expect(await boom.checkCallInCache(1)).toBe(false);
    });

    it('keys by argument value, so mutating an argument computes again (test_argument_change)', async () => {
      const open = await makeFactory();
      const memory = new Memory(await open(), quiet());
      let runs = 0;
      const sum = memory.cache(function sum(values: number[]) {
        runs += 1;
        return values.reduce((a, b) => a + b, 0);
      });
      const values = [1, 2];
      expect(await sum(values)).toBe(3);
      values.push(3);
      expect(await sum(values)).toBe(6);
      expect(await sum([1, 2, 3])).toBe(6);
      expect(runs).toBe(2);
    });

    it('callAndShelve gives a handle; get() loads; after clear() get() says the item is gone (test_call_and_shelve)', async () => {
      const open = await makeFactory();
      const store = await open();
      const memory = new Memory(store, quiet());
      const g = memory.cache(function g(x: number) {
        return new Float64Array([x, x]);
      });
      const result = await g.callAndShelve(4);
      expect(String(result)).toBe(
        `MemorizedResult(location="${store.location}", func="g", args_id="${await g.argsId(4)}")`,
      );
      expect(await result.get()).toEqual(new Float64Array([4, 4]));
      await result.clear();
      await result.clear();
      const error = await result.get().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CacheItemError);
      expect((error as CacheItemError).reason).toBe('missing');
      expect(String(error)).toMatch(/^CacheItemError: Non-existing item \(may have been cleared\)/);
    });

    it('checkCallInCache is false before the first call, true after (test_check_call_in_cache)', async () => {
      const open = await makeFactory();
      const memory = new Memory(await open(), quiet());
      const f = memory.cache(function f(x: number) {
        return x;
      });
      expect(await f.checkCallInCache(1)).toBe(false);
      await f(1);
      expect(await f.checkCallInCache(1)).toBe(true);
      expect(await f.checkCallInCache(2)).toBe(false);
    });

    it('drops the results of a function whose source changed, once, and says so (test_memory_in_memory_function_code_change)', async () => {
      const open = await makeFactory();
      const options = quiet();
      const memory = new Memory(await open(), options);
      const v1 = memory.cache(function f(x: number) {
        return x + 1;
      });
      expect(await v1(1)).toBe(2);
      const v2 = memory.cache(function f(x: number) {
        return x + 10;
      });
      expect(await v2(1)).toBe(11);
      expect(await v2(1)).toBe(11);
      expect(captured(options).warn).toEqual([
        `[MemorizedFunc(func=f, location=${memory.location})]: Function f has changed: clearing function cache identified by f`,
      ]);
      const again = memory.cache(function f(x: number) {
        return x + 10;
      });
      expect(await again.checkCallInCache(1)).toBe(true);
    });

    it('a corrupted entry is recomputed with one warning; get() on it says it is corrupted (test_memory_recomputes_after_an_error_while_loading_results)', async () => {
      const store = new MemoryStore();
      const options = quiet();
      const memory = new Memory(store, options);
      let runs = 0;
      const c = memory.cache(function c(x: number) {
        runs += 1;
        return [x];
      });
      await c(5);
      const argsId = await c.argsId(5);
      store.corrupt('c', argsId, new TextEncoder().encode('garbage'));
      const shelved = await c.callAndShelve(5);
      const error = await shelved.get().catch((e: unknown) => e);
      expect((error as CacheItemError).reason).toBe('corrupted');
      expect(String(error)).toContain('It seems that this item is corrupted');
      expect(await c(5)).toEqual([5]);
      expect(runs).toBe(2);
      expect(captured(options).warn).toHaveLength(1);
      expect(captured(options).warn[0]).toContain('Exception while loading results for c(5)');
      expect(await c(5)).toEqual([5]);
      expect(runs).toBe(2);
    });
  });
}

describe('Memory', () => {
  it('with a null location caches nothing (test_no_memory)', async () => {
    const memory = new Memory(null, quiet());
    let runs = 0;
    const f = memory.cache(function f(x: number) {
      runs += 1;
      return x;
    });
    await f(1);
    await f(1);
    expect(runs).toBe(2);
    expect(await f.checkCallInCache(1)).toBe(false);
    const shelved = await f.callAndShelve(2);
    expect(await shelved.get()).toBe(2);
    await shelved.clear();
    await expect(shelved.get()).rejects.toThrow('No value stored.');
    expect(String(memory)).toBe('Memory(location=None)');
  });

  it('ignores trailing undefined arguments, and the names in `ignore` (test_memory_ignore)', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    let runs = 0;
    const z = memory.cache(
      function z(x: number, y?: number) {
        runs += 1;
        return x + (y ?? 0);
      },
      { ignore: ['y'] },
    );
    expect(z.ignore).toEqual(['y']);
    expect(await z(0, 1)).toBe(1);
    expect(await z(0, 2)).toBe(1);
    expect(await z(0, undefined)).toBe(1);
    expect(runs).toBe(1);
    expect(() => memory.cache((x: number) => x, { ignore: ['nope'] })).toThrow(
      "Ignore list: argument 'nope' is not defined for function anonymous(x)",
    );
  });

  it('refuses extra arguments to a function without a rest parameter, and keys rest arguments', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    const one = memory.cache(function one(x: number) {
      return x;
    });
    await expect((one as unknown as (...a: number[]) => Promise<number>)(1, 2)).rejects.toThrow(
      'Too many arguments for one(x): got 2, it takes 1',
    );
    let runs = 0;
    const total = memory.cache(function total(...values: number[]) {
      runs += 1;
      return values.length;
    });
    await total(1, 2);
    await total(1, 2);
    await total(1, 2, 3);
    expect(runs).toBe(2);
  });

  it('cache(options) returns a function that wraps (test_partial_decoration)', () => {
    const memory = new Memory(new MemoryStore(), quiet());
    const wrap = memory.cache({ ignore: ['y'], verbose: 0, mmapMode: 'r' });
    const f = wrap(function f(x: number, y: number) {
      return x + y;
    });
    expect([f.ignore, f.verbose, f.mmapMode, f.funcId]).toEqual([['y'], 0, 'r', 'f']);
  });

  it('fails with a clear error for arguments it cannot hash, before running', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    let runs = 0;
    const f = memory.cache(function f(value: unknown) {
      runs += 1;
      return value;
    });
    await expect(f(() => 1)).rejects.toThrow(HashingError);
    await expect(f(new (class Thing {})())).rejects.toThrow(
      'f: Cannot hash argument.value: an instance of Thing has no hashing rule',
    );
    expect(runs).toBe(0);
  });

  it('shelving a cached call does not load the result (test_call_and_shelve_lazily_load_stored_result)', async () => {
    const store = new MemoryStore();
    const memory = new Memory(store, quiet());
    const f = memory.cache(function f(x: number) {
      return x;
    });
    await f(1);
    const reads = store.reads;
    const shelved = await f.callAndShelve(1);
    expect(store.reads).toBe(reads);
    expect(await shelved.get()).toBe(1);
    expect(store.reads).toBe(reads + 1);
  });

  it('has readable names (test_memory_objects_repr)', () => {
    const memory = new Memory('memory:demo', quiet());
    const f = memory.cache(function f(x: number) {
      return x;
    });
    expect(String(memory)).toBe('Memory(location=memory:demo)');
    expect(String(f)).toBe('MemorizedFunc(func=f, location=memory:demo)');
  });

  it('prints the banner and the duration in joblib format on a miss only (verbose=1)', async () => {
    const options = quiet({ verbose: 1 });
    const memory = new Memory(new MemoryStore(), options);
    const f = memory.cache(function f(x: number, label: string) {
      return x + label.length;
    });
    await f(1, 'ab');
    await f(1, 'ab');
    const [banner, done] = captured(options).log;
    expect(banner).toBe(`${'_'.repeat(80)}\n[Memory] Calling f...\nf(1, 'ab')`);
    expect(done).toMatch(/^_+f - \d+\.\ds, \d+\.\dmin$/);
    expect(done).toHaveLength(80);
    expect(captured(options).log).toHaveLength(2);
  });

  it('prints Loading lines at verbose 5, and abbreviates large arrays in the call', async () => {
    const options = quiet({ verbose: 5 });
    const memory = new Memory(new MemoryStore(), options);
    const g = memory.cache(
      function g(values: Float64Array) {
        return values.length;
      },
      { namespace: 'demo' },
    );
    await g(new Float64Array(100_000));
    await g(new Float64Array(100_000));
    const lines = captured(options).log.join('\n').split('\n');
    expect(lines[1]).toBe('[Memory] Calling demo.g...');
    expect(lines.join('\n')).toContain('... 99994 more items');
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[Memory\]\d+\.\ds, \d+\.\dmin {4,}: Loading g\.\.\.$/),
    );
    expect(lines.at(-1)).toMatch(/^_+g cache loaded - \d+\.\ds, \d+\.\dmin$/);
  });

  it('with mmapMode "r" returns read-only views, already on the first call (test_memory_numpy_check_mmap_mode)', async () => {
    const memory = new Memory(new MemoryStore(), quiet({ mmapMode: 'r' }));
    const square = memory.cache(function square(rows: Float64Array[]) {
      return rows.map((row) => row.map((v) => v * v));
    });
    const input = [new Float64Array([0, 0, 1]), new Float64Array([4, 2, 1])];
    for (const result of [await square(input), await square(input)]) {
      expect(result.map((row) => [...row])).toEqual([
        [0, 0, 1],
        [16, 4, 1],
      ]);
      expect(isReadOnlyView(result[0])).toBe(true);
      expect(() => {
        (result[0] as Float64Array)[0] = 5;
      }).toThrow(
        // One line of at most 80 characters with its name, as the caching lesson prints it.
        new TypeError("Float64Array is read-only (mmapMode: 'r'); copy it with .slice()"),
      );
      expect(() => result[1]?.fill(0)).toThrow(TypeError);
    }
    // A returned view passed back in keys like a plain array with the same content.
    const views = (await square(input)) as Float64Array[];
    await square(views);
    expect(await square.checkCallInCache(views.map((row) => row.slice()))).toBe(true);
  });

  it('without mmapMode returns writable copies', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    const f = memory.cache(function f() {
      return new Int32Array([1, 2]);
    });
    await f();
    const loaded = await f();
    loaded[0] = 9;
    expect([...(await f())]).toEqual([1, 2]);
  });

  it('.call() always runs and returns the value with its metadata (test_call_method_memorized)', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    let runs = 0;
    const f = memory.cache(function f(x: number) {
      runs += 1;
      return x;
    });
    const [first, metadata] = await f.call(2);
    await f.call(2);
    expect([first, runs]).toEqual([2, 2]);
    expect(metadata).toMatchObject({ inputArgs: { x: '2' } });
    expect(await f.checkCallInCache(2)).toBe(true);
  });

  it('a validation callback can refuse a hit (TestCacheValidationCallback)', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    expect(() =>
      memory.cache((x: number) => x, {
        cacheValidationCallback: true as unknown as () => boolean,
      }),
    ).toThrow('cacheValidationCallback needs to be a function. Got true.');
    let runs = 0;
    const never = memory.cache(
      function never(x: number) {
        runs += 1;
        return x;
      },
      { cacheValidationCallback: () => false },
    );
    await never(1);
    await never(1);
    expect(runs).toBe(2);
    const fresh = memory.cache(
      function fresh(x: number) {
        runs += 1;
        return x;
      },
      { cacheValidationCallback: expiresAfter(60_000) },
    );
    await fresh(1);
    await fresh(1);
    expect(runs).toBe(3);
  });

  it('clear() empties the store and checks sources again (test_memory_clear)', async () => {
    const store = new MemoryStore();
    const options = quiet();
    const memory = new Memory(store, options);
    const f = memory.cache(function f(x: number) {
      return x;
    });
    await f(1);
    await memory.clear();
    expect(await store.items()).toEqual([]);
    expect(await store.readFuncCode('f')).toBeUndefined();
    expect(captured(options).warn).toEqual([
      '[Memory(location=memory)]: Flushing completely the cache',
    ]);
    await f(1);
    expect(await store.readFuncCode('f')).toBeDefined();
  });

  it('a store that cannot write (quota) gives a warning and the computed value', async () => {
    const store = new MemoryStore();
    store.writeItem = async () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    const options = quiet();
    const memory = new Memory(store, options);
    const f = memory.cache(function f(x: number) {
      return x * 3;
    });
    expect(await f(2)).toBe(6);
    expect(captured(options).warn[0]).toContain('Unable to cache to memory: QuotaExceededError');
    const shelved = await f.callAndShelve(2);
    expect(await shelved.get()).toBe(6);
  });

  it('a result it cannot store is returned with a warning', async () => {
    const options = quiet();
    const memory = new Memory(new MemoryStore(), options);
    const f = memory.cache(function f() {
      return { run: () => 1 };
    });
    expect(typeof (await f()).run).toBe('function');
    expect(captured(options).warn[0]).toContain(
      'Unable to cache the result: Cannot store the result.run',
    );
  });

  it('concurrent calls on one key never see a half-written entry (test_cached_function_race_condition)', async () => {
    const dir = await tempDir();
    const options = quiet();
    const a = new Memory(new FileSystemStore(join(dir, 'cache')), options);
    const b = new Memory(new FileSystemStore(join(dir, 'cache')), options);
    const body = function big(n: number) {
      return new Float64Array(n).fill(n);
    };
    const fa = a.cache(body);
    const fb = b.cache(body);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? fa : fb)(50_000)),
    );
    for (const result of results) expect(result.length).toBe(50_000);
    expect(captured(options).warn.filter((w) => w.includes('Exception while loading'))).toEqual([]);
  });

  it('round-trips the values a result may hold', async () => {
    const memory = new Memory(new MemoryStore(), quiet());
    const value = {
      n: -0,
      nan: Number.NaN,
      inf: Number.NEGATIVE_INFINITY,
      big: 12n,
      u: undefined,
      date: new Date(7),
      map: new Map<unknown, unknown>([['a', new Uint8Array([1])]]),
      set: new Set(['x']),
      nested: [[1, 'two'], { three: null }],
      buffer: new Uint8Array([5, 6]).buffer,
    };
    const f = memory.cache(function f() {
      return value;
    });
    await f();
    expect(await f()).toEqual(value);
  });
});

describe('reduceSize', () => {
  async function tenItems() {
    const store = new MemoryStore();
    const memory = new Memory(store, quiet());
    const f = memory.cache(function f(i: number) {
      return new Uint8Array(1000).fill(i);
    });
    for (let i = 0; i < 10; i += 1) await f(i);
    return { store, memory, f };
  }

  it('keeps what fits in bytesLimit (test_memory_reduce_size_bytes_limit)', async () => {
    for (const [limit, kept] of [
      ['1M', 10],
      ['3K', 2],
      [500, 0],
    ] as const) {
      const { store, memory } = await tenItems();
      await memory.reduceSize({ bytesLimit: limit });
      expect((await store.items()).length).toBe(kept);
    }
  });

  it('keeps itemsLimit items, and nothing with 0 (test_memory_reduce_size_items_limit)', async () => {
    for (const [limit, kept] of [
      [2, 2],
      [0, 0],
    ] as const) {
      const { store, memory } = await tenItems();
      await memory.reduceSize({ itemsLimit: limit });
      expect((await store.items()).length).toBe(kept);
    }
  });

  it('deletes least recently used first (test__get_items_to_delete)', async () => {
    const { store, memory, f } = await tenItems();
    await store.touch('f', await f.argsId(0), Date.now() + 60_000);
    await memory.reduceSize({ itemsLimit: 1 });
    const [left] = await store.items();
    expect(left?.argsId).toBe(await f.argsId(0));
  });

  it('applies ageLimit, refuses a negative one and bad sizes (test_memory_reduce_size_age_limit)', async () => {
    const now = 1_000_000;
    const items = [0, 1, 2, 3].map((i) => ({
      funcId: 'f',
      argsId: String(i).repeat(32),
      size: 10,
      lastAccess: i < 2 ? now - 5000 : now - 10,
    }));
    expect(itemsToDelete(items, { ageLimit: 1000 }, now).map((item) => item.argsId[0])).toEqual([
      '0',
      '1',
    ]);
    expect(itemsToDelete([], { itemsLimit: 0 }, now)).toEqual([]);
    const memory = new Memory(new MemoryStore(), quiet());
    await expect(memory.reduceSize({ ageLimit: -1 })).rejects.toThrow(
      'ageLimit has to be a positive',
    );
    await expect(memory.reduceSize({ bytesLimit: '10X' })).rejects.toThrow(
      "Invalid literal for size given: 10X (type string) should be alike '10G', '500M', '50K'.",
    );
    expect(await memory.reduceSize()).toBe(0);
  });
});
