/**
 * A cached function: the call flow of joblib's `MemorizedFunc` (reference §5).
 * The key is the function id plus a hash of the arguments by name; the
 * function's source is recorded, and when it changes that function's results
 * are dropped. Errors thrown by the function are never cached.
 */
import { HashingError, SerializeError } from './errors.ts';
import {
  callingBanner,
  formatArg,
  formatCall,
  formatTime,
  readableSource,
  ruleWith,
} from './format.ts';
import { hash } from './hash.ts';
import { MemorizedResult, NotMemorizedResult } from './memorized-result.ts';
import { checkMmapMode } from './options.ts';
import { openResult } from './read-result.ts';
import { deserialize, joinParts, type StoredParts, serializeParts } from './serialize.ts';
import { checkIgnore, filterArgs, type Signature, signatureOf } from './signature.ts';
import { checkFuncId, type ItemMetadata, type Store } from './store.ts';

/** How long hashing and previewing the arguments may take before a warning, in ms. */
const SLOW_ARGUMENTS_MS = 500;

/** Options of `memory.cache(fn, options)`. */
export interface CacheOptions {
  /** Parameter names left out of the key (`'...rest'` names a rest parameter). */
  ignore?: string[];
  /**
   * Replaces the function's source in change detection: bump it when a change
   * the source does not show (a helper it calls, a bundler's rewrite) should
   * drop the cached results.
   */
  version?: string | number;
  /** Put before the function's name in its id (`namespace/name`), for two functions with one name. */
  namespace?: string;
  /** The function's name in the key; defaults to `fn.name`. */
  name?: string;
  /** Overrides the Memory's `verbose` for this function. */
  verbose?: number;
  /** Overrides the Memory's `mmapMode` for this function. */
  mmapMode?: 'r' | null;
  /** Called with a hit's metadata; a false answer deletes the item and computes again. */
  cacheValidationCallback?: (metadata: ItemMetadata) => boolean;
}

/** The async function `memory.cache(fn)` returns, with joblib's methods. */
export interface MemorizedFunc<A extends unknown[], R> {
  (...args: A): Promise<Awaited<R>>;
  /** Computes if needed and returns a handle; the value is not loaded on a hit. */
  callAndShelve(...args: A): Promise<MemorizedResult<Awaited<R>> | NotMemorizedResult<Awaited<R>>>;
  /** True when this call's result is cached and valid (may drop stale results, as a call would). */
  checkCallInCache(...args: A): Promise<boolean>;
  /** Always runs the function, stores its result, and returns it with its metadata. */
  call(...args: A): Promise<[Awaited<R>, ItemMetadata | Record<string, never>]>;
  /** Deletes every cached result of this function. */
  clear(options?: { warn?: boolean }): Promise<void>;
  /** The 32-hex key of a call (what `callAndShelve` names `args_id`). */
  argsId(...args: A): Promise<string>;
  readonly func: (...args: A) => R;
  readonly funcId: string;
  readonly ignore: readonly string[];
  readonly mmapMode: 'r' | null;
  readonly verbose: number;
}

type AnyFunc = (...args: never[]) => unknown;

const FUNCS = new WeakMap<object, AnyFunc>();

function unwrap(fn: AnyFunc): AnyFunc {
  return FUNCS.get(fn) ?? fn;
}

function sourceOf(fn: AnyFunc, version: CacheOptions['version']): string {
  if (version !== undefined) return `version: ${String(version)}`;
  return Function.prototype.toString.call(fn);
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

interface Call {
  store: Store;
  argsId: string;
  /** The arguments by name, as keyed. */
  named: Record<string, unknown>;
  /** ms spent hashing the arguments (previewing them, on a miss, adds to it). */
  argumentsMs: number;
}

/** Internals a cached function needs from its `Memory`. */
export interface MemoryContext {
  readonly verbose: number;
  readonly mmapMode: 'r' | null;
  readonly log: (text: string) => void;
  readonly warn: (text: string) => void;
  /** ms since this Memory was created (the "Loading" line's clock). */
  elapsed(): number;
  store(): Promise<Store | null>;
  /** The source already checked against the store, per function id. */
  readonly checkedCode: Map<string, string>;
  /** Runs a store update (a hit's `lastAccess`) after the call returns; `settle()` waits for them. */
  defer(update: Promise<void>): void;
  /** Waits for deferred updates. */
  settle(): Promise<void>;
  describe(): string;
}

/** Stores a result from its parts where the store can, else joined into one buffer. */
async function writeResult(
  store: Store,
  funcId: string,
  argsId: string,
  stored: StoredParts,
  metadata: ItemMetadata,
): Promise<void> {
  if (store.writeItemParts) await store.writeItemParts(funcId, argsId, stored.parts, metadata);
  else await store.writeItem(funcId, argsId, joinParts(stored), metadata);
}

/** What `load` returns when the item is not there (a miss, not an error). */
const MISSING: unique symbol = Symbol('missing');

/** Builds the memorized function for `memory.cache(fn, options)`. */
export function createMemorizedFunc<A extends unknown[], R>(
  memory: MemoryContext,
  fn: (...args: A) => R,
  options: CacheOptions = {},
): MemorizedFunc<A, R> {
  if (typeof fn !== 'function') {
    throw new TypeError(`Expected \`fn\` to be a function, got ${String(fn)}`);
  }
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`Expected \`options\` to be an object, got ${String(options)}`);
  }
  const func = unwrap(fn as AnyFunc) as (...args: A) => R;
  const name = options.name ?? (func.name || 'anonymous');
  const funcId = options.namespace ? `${options.namespace}/${name}` : name;
  checkFuncId(funcId);
  const dotted = funcId.replaceAll('/', '.');
  const signature: Signature = signatureOf(func as AnyFunc);
  const ignore = checkIgnore(signature, options.ignore);
  const verbose = options.verbose ?? memory.verbose;
  const mmapMode = checkMmapMode(options.mmapMode) ?? memory.mmapMode;
  const validate = options.cacheValidationCallback;
  if (validate !== undefined && typeof validate !== 'function') {
    throw new TypeError(`cacheValidationCallback needs to be a function. Got ${String(validate)}.`);
  }
  const code = sourceOf(func as AnyFunc, options.version);
  const label = `MemorizedFunc(func=${name}, location=${memory.describe()})`;

  /** Hashes the call; `null` store means nothing is cached. */
  const prepare = async (args: A): Promise<Call | null> => {
    const store = await memory.store();
    if (!store) return null;
    const start = performance.now();
    const named = filterArgs(signature, ignore, args);
    let argsId: string;
    try {
      argsId = await hash(named);
    } catch (error) {
      if (error instanceof HashingError) {
        throw new HashingError(`${name}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    return { store, argsId, named, argumentsMs: performance.now() - start };
  };

  /** joblib's `_check_previous_func_code`: false (a miss) when the source was missing or changed. */
  const codeIsCurrent = async (store: Store): Promise<boolean> => {
    if (memory.checkedCode.get(funcId) === code) return true;
    const stored = await store.readFuncCode(funcId);
    if (stored === code) {
      memory.checkedCode.set(funcId, code);
      return true;
    }
    if (stored !== undefined) {
      memory.warn(
        `[${label}]: Function ${name} has changed: clearing function cache identified by ${funcId}`,
      );
      if (verbose > 10) memory.warn(`Previous source:\n${readableSource(stored)}`);
      await store.clearFunc(funcId);
    }
    await store.writeFuncCode(funcId, code);
    memory.checkedCode.set(funcId, code);
    return false;
  };

  const isCachedAndValid = async ({ store, argsId }: Call): Promise<boolean> => {
    if (!(await codeIsCurrent(store))) return false;
    if (!(await store.contains(funcId, argsId))) return false;
    if (validate) {
      const metadata = await store.readMetadata(funcId, argsId);
      if (!metadata || !validate(metadata)) {
        await store.deleteItem(funcId, argsId);
        return false;
      }
    }
    return true;
  };

  /** Reads and decodes a stored result; `MISSING` when there is none. */
  const load = async ({ store, argsId }: Call): Promise<Awaited<R> | typeof MISSING> => {
    const start = performance.now();
    const opened = await openResult(store, funcId, argsId);
    if (opened === undefined) return MISSING;
    if (verbose > 1) {
      const elapsed = formatTime(memory.elapsed() / 1000).padEnd(16);
      memory.log(`[Memory]${elapsed}: Loading ${name}...`);
    }
    let value: Awaited<R>;
    try {
      value = (await opened.decode({ mmapMode })) as Awaited<R>;
    } finally {
      await opened.close();
    }
    memory.defer(store.touch(funcId, argsId, Date.now()));
    if (verbose > 4) {
      memory.log(
        ruleWith(`${name} cache loaded - ${formatTime((performance.now() - start) / 1000)}`),
      );
    }
    return value;
  };

  /** Runs the function and stores its result; returns the value and whether it was stored. */
  const compute = async (
    call: Call,
    args: A,
  ): Promise<{ value: Awaited<R>; stored: boolean; metadata: ItemMetadata }> => {
    if (verbose > 0) memory.log(callingBanner(dotted, name, args));
    const start = performance.now();
    let value = (await func(...args)) as Awaited<R>;
    let stored = false;
    let bytes: StoredParts | null = null;
    try {
      bytes = serializeParts(value);
    } catch (error) {
      if (!(error instanceof SerializeError)) throw error;
      memory.warn(
        `[${label}]: Unable to cache the result: ${error.message}. It is returned, not stored.`,
      );
    }
    const previewStart = performance.now();
    const inputArgs: Record<string, string> = {};
    for (const [key, arg] of Object.entries(call.named)) inputArgs[key] = formatArg(arg);
    const argumentsMs = call.argumentsMs + (performance.now() - previewStart);
    const now = Date.now();
    const metadata: ItemMetadata = {
      duration: 0,
      inputArgs,
      time: now,
      lastAccess: now,
    };
    if (bytes) {
      try {
        metadata.duration = (performance.now() - start) / 1000;
        await writeResult(call.store, funcId, call.argsId, bytes, metadata);
        stored = true;
      } catch (error) {
        // A full disk or quota, or a storage error: the caller still gets the value.
        memory.warn(`[${label}]: Unable to cache to ${call.store.location}: ${errorText(error)}`);
      }
    }
    metadata.duration = (performance.now() - start) / 1000;
    if (verbose > 0) memory.log(ruleWith(`${name} - ${formatTime(metadata.duration)}`));
    if (argumentsMs > SLOW_ARGUMENTS_MS) {
      memory.warn(
        `Persisting input arguments took ${(argumentsMs / 1000).toFixed(2)}s to run. If this happens often in your code, it can cause performance problems (results will be correct in all cases). The reason for this is probably some large input arguments for a wrapped function: pass a reference (callAndShelve) or leave them out of the key with \`ignore\`.`,
      );
    }
    // As with joblib's mmap_mode, the first call already returns views on the stored bytes.
    if (bytes && mmapMode === 'r')
      value = deserialize(joinParts(bytes), { mmapMode }) as Awaited<R>;
    return { value, stored, metadata };
  };

  const cached = async (args: A, shelving: boolean) => {
    const call = await prepare(args);
    if (!call) {
      const value = (await func(...args)) as Awaited<R>;
      return shelving ? new NotMemorizedResult(value) : value;
    }
    // A plain call skips the existence check: reading the result is the check (one read per hit).
    const present =
      shelving || validate ? await isCachedAndValid(call) : await codeIsCurrent(call.store);
    if (present) {
      if (shelving)
        return new MemorizedResult<Awaited<R>>(call.store, funcId, call.argsId, mmapMode);
      try {
        const value = await load(call);
        if (value !== MISSING) return value;
      } catch (error) {
        memory.warn(
          `[${label}]: Exception while loading results for ${formatCall(name, args)}\n ${errorText(error)}`,
        );
      }
    }
    const { value, stored } = await compute(call, args);
    if (!shelving) return value;
    return stored
      ? new MemorizedResult<Awaited<R>>(call.store, funcId, call.argsId, mmapMode)
      : new NotMemorizedResult(value);
  };

  const memorized = ((...args: A) => cached(args, false)) as MemorizedFunc<A, R>;
  const methods = {
    callAndShelve: (...args: A) => cached(args, true),
    checkCallInCache: async (...args: A) => {
      const call = await prepare(args);
      return call ? isCachedAndValid(call) : false;
    },
    call: async (...args: A) => {
      const call = await prepare(args);
      if (!call) return [(await func(...args)) as Awaited<R>, {}];
      await codeIsCurrent(call.store);
      const { value, metadata } = await compute(call, args);
      return [value, metadata];
    },
    clear: async ({ warn = true }: { warn?: boolean } = {}) => {
      const store = await memory.store();
      if (!store) return;
      if (warn && verbose > 0)
        memory.warn(`[${label}]: Clearing function cache identified by ${funcId}`);
      await memory.settle();
      await store.clearFunc(funcId);
      memory.checkedCode.delete(funcId);
    },
    argsId: async (...args: A) => hash(filterArgs(signature, ignore, args)),
    toString: () => label,
    [Symbol.for('nodejs.util.inspect.custom')]: () => label,
  };
  Object.assign(memorized, methods);
  for (const [key, value] of Object.entries({
    func,
    funcId,
    ignore: Object.freeze([...ignore]),
    mmapMode,
    verbose,
  })) {
    Object.defineProperty(memorized, key, { value, enumerable: true });
  }
  Object.defineProperty(memorized, 'name', { value: name });
  FUNCS.set(memorized, func as AnyFunc);
  return memorized;
}
