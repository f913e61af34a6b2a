/**
 * The one interface every cache store implements (in-memory, the filesystem,
 * OPFS, IndexedDB). `Memory` is given a store, so tests swap in the in-memory
 * one. Keys are a function id (`name`, or `namespace/name`) and a 32-hex
 * argument hash, the analog of joblib's `<func_id>/<args_id>/` folders.
 */

/** What is recorded with each cached result (joblib's `metadata.json`, plus `lastAccess`). */
export interface ItemMetadata {
  /** Seconds the call and storing its result took. */
  duration: number;
  /** A short preview of each argument that is part of the key. */
  inputArgs: Record<string, string>;
  /** When the result was stored, ms since the epoch. */
  time: number;
  /** When the result was last stored or read, ms since the epoch (stores have no atime). */
  lastAccess: number;
}

/** One cached result, as `Store.items()` lists it. */
export interface ItemInfo {
  funcId: string;
  argsId: string;
  /** Bytes of the stored result and its metadata. */
  size: number;
  lastAccess: number;
}

/** Stored result bytes open for reading (see `Store.openOutput`). */
export interface OutputFile {
  /** The size of the stored bytes. */
  readonly size: number;
  /** Fills `into` with the stored bytes from `position` on; fails when the file is shorter. */
  read(into: Uint8Array, position: number): Promise<void>;
  /**
   * Optional: `length` stored bytes from `position` on, in a new buffer of their
   * own that the caller keeps, for a store whose reads make their own buffer
   * anyway (a `File` snapshot): reading into the caller's buffer would copy them once more.
   */
  readNew?: ((position: number, length: number) => Promise<Uint8Array>) | undefined;
  close(): Promise<void>;
}

/** Where cached results live. All methods are safe to call for keys that do not exist. */
export interface Store {
  /** What kind of storage this is. */
  readonly kind: 'memory' | 'filesystem' | 'opfs' | 'indexeddb';
  /** The location, as shown in messages. */
  readonly location: string;
  /** The source recorded for a function, or `undefined`. */
  readFuncCode(funcId: string): Promise<string | undefined>;
  writeFuncCode(funcId: string, code: string): Promise<void>;
  /** True when the result bytes of this call are stored (metadata alone does not count). */
  contains(funcId: string, argsId: string): Promise<boolean>;
  /** The stored result bytes, or `undefined` when there are none. */
  readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined>;
  readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined>;
  /**
   * Stores a result and its metadata so that a reader sees either the old item
   * or the new one, never a half-written one (temporary name + rename, or one
   * transaction).
   */
  writeItem(
    funcId: string,
    argsId: string,
    output: Uint8Array,
    metadata: ItemMetadata,
  ): Promise<void>;
  /**
   * Optional: stores a result given as consecutive parts (header, then the
   * arrays' own bytes), as `writeItem` does, without joining them into one copy first.
   */
  writeItemParts?:
    | ((
        funcId: string,
        argsId: string,
        parts: readonly Uint8Array[],
        metadata: ItemMetadata,
      ) => Promise<void>)
    | undefined;
  /**
   * Optional: opens the stored result bytes for reads into buffers the caller
   * gives (no buffer of the store's own in between); `undefined` when there are none.
   */
  openOutput?: ((funcId: string, argsId: string) => Promise<OutputFile | undefined>) | undefined;
  /** Records an access to an item (for `reduceSize`'s least-recently-used order). */
  touch(funcId: string, argsId: string, time: number): Promise<void>;
  deleteItem(funcId: string, argsId: string): Promise<void>;
  /** Deletes every result of a function and its recorded source. */
  clearFunc(funcId: string): Promise<void>;
  /** Deletes everything in this location. */
  clear(): Promise<void>;
  /** Every stored result, in no particular order. */
  items(): Promise<ItemInfo[]>;
  /** Releases what the store holds open (database connections). */
  close(): Promise<void>;
}

/** Throws a `TypeError` unless `id` is safe as a path of folder names (no `..`, no empty parts). */
export function checkFuncId(id: string): void {
  if (
    id === '' ||
    id
      .split('/')
      .some((part) => part === '' || part === '.' || part === '..' || /[\\\0]/.test(part))
  ) {
    throw new TypeError(
      `Expected a function id made of names separated by "/", got ${JSON.stringify(id)}`,
    );
  }
}

/** 32 lower-case hex characters: what an argument hash looks like. */
export const ARGS_ID = /^[0-9a-f]{32}$/;

/** Encodes metadata as stored bytes. */
export function metadataBytes(metadata: ItemMetadata): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(metadata));
}

/** Reads stored metadata; `undefined` when it is missing or not valid. */
export function parseMetadata(bytes: Uint8Array | string | undefined): ItemMetadata | undefined {
  if (bytes === undefined) return undefined;
  try {
    const text = typeof bytes === 'string' ? bytes : new TextDecoder().decode(bytes);
    const value = JSON.parse(text) as Partial<ItemMetadata>;
    if (typeof value.time !== 'number' || typeof value.duration !== 'number') return undefined;
    return {
      duration: value.duration,
      inputArgs: value.inputArgs ?? {},
      time: value.time,
      lastAccess: typeof value.lastAccess === 'number' ? value.lastAccess : value.time,
    };
  } catch {
    return undefined;
  }
}
