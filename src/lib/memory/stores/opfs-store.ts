/**
 * The OPFS store (Origin Private File System), for browsers: the same folder
 * layout as the filesystem store under `navigator.storage.getDirectory()`.
 * Writes go to a unique temporary file (through a sync access handle in a
 * dedicated worker, else a writable stream) and are then moved into place, so a
 * reader never sees half a file. Reads take a `File` snapshot, which needs no
 * lock, so two tabs can read one item at once; in a dedicated worker, a large
 * result is read through a read-only sync access handle straight into the
 * result's own buffers, where OPFS is on disk (see {@link OpfsReads}).
 */
import type { ItemInfo, ItemMetadata, OutputFile, Store } from '../store.ts';
import { ARGS_ID, checkFuncId, metadataBytes, parseMetadata } from '../store.ts';

type Dir = FileSystemDirectoryHandle;

interface SyncHandle {
  read(buffer: BufferSource, options?: { at?: number }): number;
  getSize(): number;
  write(buffer: BufferSource, options?: { at?: number }): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

interface MovableFile extends FileSystemFileHandle {
  move?(parent: Dir, name: string): Promise<void>;
  createSyncAccessHandle?(options?: { mode?: 'read-only' | 'readwrite' }): Promise<SyncHandle>;
}

function isMissing(error: unknown): boolean {
  const name = (error as { name?: unknown }).name;
  return name === 'NotFoundError' || name === 'TypeMismatchError';
}

async function childDir(
  parent: Dir,
  names: readonly string[],
  create: boolean,
): Promise<Dir | undefined> {
  let dir = parent;
  for (const name of names) {
    try {
      dir = await dir.getDirectoryHandle(name, { create });
    } catch (error) {
      if (!create && isMissing(error)) return undefined;
      throw error;
    }
  }
  return dir;
}

async function readFileBytes(dir: Dir, name: string): Promise<Uint8Array | undefined> {
  try {
    const file = await (await dir.getFileHandle(name)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** How often a removal is tried while another writer holds a file in the entry. */
const REMOVE_ATTEMPTS = 20;

/**
 * Removes `name` (recursively). OPFS refuses to remove a folder while a file in it
 * is open for writing (`NoModificationAllowedError`): a last-access time being
 * written, from this realm or another tab. Such writes take milliseconds, so the
 * removal waits for them with a short back-off instead of failing the caller.
 */
async function removeEntry(dir: Dir, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await dir.removeEntry(name, { recursive: true });
      return;
    } catch (error) {
      if (isMissing(error)) return;
      const busy = error instanceof DOMException && error.name === 'NoModificationAllowedError';
      if (!busy || attempt === REMOVE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt));
    }
  }
}

/**
 * Runs `work` holding the Web Lock `name`, shared by every tab and worker of the
 * origin. OPFS refuses to move a file onto one another writer is moving or
 * writing at that moment (`NoModificationAllowedError`), so the moves onto one
 * path take turns.
 */
async function withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (typeof locks?.request !== 'function') return work();
  return locks.request(`yieldbook-memory:${name}`, work) as Promise<T>;
}

/**
 * Holds the Web Lock `name` in shared mode until the returned function is
 * called: readers of a file take turns with the moves onto it (which hold it
 * exclusively), as an open sync access handle makes Chromium refuse a move.
 */
async function holdShared(name: string): Promise<() => void> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (typeof locks?.request !== 'function') return () => {};
  return new Promise((granted, refused) => {
    locks
      .request(
        `yieldbook-memory:${name}`,
        { mode: 'shared' },
        () => new Promise<void>((release) => granted(release)),
      )
      .catch(refused);
  });
}

/**
 * Results at least this large are read through a sync access handle where there
 * is one: reading `File` snapshots costs one copy more (the snapshot's buffer),
 * while a small result is cheaper without the lock and handle.
 */
const SYNC_READ_MIN = 1024 * 1024;

/** Above this, a batch of {@link PROBE_CALLS} `getSize()` calls went to another process. */
const REMOTE_BATCH_MS = 0.2;
const PROBE_CALLS = 8;
const PROBE_BATCHES = 4;

/**
 * Whether each call on `sync` is a round trip to the browser's storage process.
 * Chromium keeps the OPFS of an off-the-record profile (a private window, a fresh
 * Playwright context) in memory, and there every read of a sync access handle is
 * an IPC that copies the bytes: 64 MiB read that way took 2–4× as long as a `File`
 * snapshot, while on disk the read is a local `pread` and beats the snapshot. The
 * API does not say which; a call that does no work shows it. `getSize()` on disk
 * is an `fstat` (eight of them well under the 0.1 ms a worker without cross-origin
 * isolation can time), in memory a round trip each (eight took 1.8 ms or more).
 * The best of a few batches is taken, so a descheduled batch does not decide.
 */
function isRemote(sync: SyncHandle): boolean {
  let best = Number.POSITIVE_INFINITY;
  for (let batch = 0; batch < PROBE_BATCHES; batch++) {
    const start = performance.now();
    for (let call = 0; call < PROBE_CALLS; call++) sync.getSize();
    best = Math.min(best, performance.now() - start);
  }
  return best > REMOTE_BATCH_MS;
}

/**
 * Reads `file` through a read-only sync access handle into the caller's buffers;
 * `undefined` when the browser refuses one, or when `remote` (asked once per
 * store, with the handle) says its reads are round trips: then a snapshot reads faster.
 */
async function syncReader(
  file: MovableFile,
  size: number,
  lockName: string,
  remote: (sync: SyncHandle) => boolean,
): Promise<OutputFile | undefined> {
  const release = await holdShared(lockName);
  let sync: SyncHandle;
  try {
    sync = await (
      file.createSyncAccessHandle as NonNullable<MovableFile['createSyncAccessHandle']>
    )({ mode: 'read-only' });
  } catch (error) {
    release();
    // Another reader holds it where read-only handles are not shared: read a snapshot instead.
    if (error instanceof DOMException && error.name === 'NoModificationAllowedError') {
      return undefined;
    }
    throw error;
  }
  if (remote(sync)) {
    sync.close();
    release();
    return undefined;
  }
  let open = true;
  return {
    size,
    read: async (into, position) => {
      let at = 0;
      while (at < into.byteLength) {
        const count = sync.read(into.subarray(at) as Uint8Array<ArrayBuffer>, {
          at: position + at,
        });
        if (count === 0) throw new Error('stored result is truncated');
        at += count;
      }
    },
    close: async () => {
      if (!open) return;
      open = false;
      sync.close();
      release();
    },
  };
}

/**
 * Reads a `File` snapshot by ranges. Each read makes a buffer of its own, so a
 * result keeps the buffers `readNew` makes (the whole file for a read-only view,
 * each large array's bytes for a copy) rather than a copy of them.
 */
function snapshotReader(file: File): OutputFile {
  const readNew = async (position: number, length: number) => {
    const end = position + length;
    const bytes = new Uint8Array(
      await (position === 0 && end === file.size ? file : file.slice(position, end)).arrayBuffer(),
    );
    if (bytes.byteLength !== length) throw new Error('stored result is truncated');
    return bytes;
  };
  return {
    size: file.size,
    read: async (into, position) => into.set(await readNew(position, into.byteLength)),
    readNew,
    close: async () => {},
  };
}

/**
 * How an OPFS store reads large results in a dedicated worker: `'auto'` (the
 * default) through a sync access handle where OPFS is on disk and a `File`
 * snapshot where it is kept in memory; `'sync'` or `'snapshot'` always that way.
 */
export type OpfsReads = 'auto' | 'sync' | 'snapshot';

/** Options of {@link OpfsStore.open}. */
export interface OpfsStoreOptions {
  /** @default 'auto' */
  reads?: OpfsReads;
}

const READS: readonly OpfsReads[] = ['auto', 'sync', 'snapshot'];

/** Writes each of `parts` in turn through a writable stream (no joined copy). */
async function writeParts(
  writable: FileSystemWritableFileStream,
  parts: readonly Uint8Array[],
): Promise<void> {
  for (const part of parts) await writable.write(part as Uint8Array<ArrayBuffer>);
  await writable.close();
}

/**
 * Writes `parts` one after another under a unique temporary name in `dir`,
 * then moves the file over `name` (the lock is `lockName`).
 */
async function writeAtomic(
  dir: Dir,
  name: string,
  parts: readonly Uint8Array[],
  lockName: string,
): Promise<void> {
  const temporary = `${name}.${crypto.randomUUID()}.tmp`;
  const handle = (await dir.getFileHandle(temporary, { create: true })) as MovableFile;
  try {
    if (typeof handle.createSyncAccessHandle === 'function') {
      const sync = await handle.createSyncAccessHandle();
      try {
        sync.truncate(0);
        let at = 0;
        for (const part of parts) {
          let done = 0;
          while (done < part.byteLength) {
            done += sync.write(part.subarray(done) as Uint8Array<ArrayBuffer>, { at: at + done });
          }
          at += part.byteLength;
        }
        sync.flush();
      } finally {
        sync.close();
      }
    } else {
      await writeParts(await handle.createWritable(), parts);
    }
    if (typeof handle.move === 'function') {
      const move = handle.move.bind(handle);
      await withLock(lockName, () => move(dir, name));
      return;
    }
  } catch (error) {
    await removeEntry(dir, temporary);
    throw error;
  }
  // No `move` here: copy in one atomic `createWritable()` commit instead.
  await withLock(lockName, async () => {
    const target = await dir.getFileHandle(name, { create: true });
    await writeParts(await target.createWritable(), parts);
  });
  await removeEntry(dir, temporary);
}

/** A store in the origin private file system. */
export class OpfsStore implements Store {
  readonly kind = 'opfs';
  readonly location: string;
  readonly #root: Dir;
  readonly #parts: string[];
  /**
   * Directory handles already looked up, by path: every lookup is a round trip
   * to the browser's storage process, and a hit would otherwise walk the whole
   * path twice. Another tab may delete a directory behind a cached handle, so a
   * "not found" through the cache is checked again without it.
   */
  readonly #dirs = new Map<string, Dir>();
  /** Whether sync access handle reads are round trips here; asked on the first large read. */
  #remote: boolean | undefined;
  readonly #reads: OpfsReads;

  private constructor(location: string, root: Dir, reads: OpfsReads) {
    this.location = location;
    this.#root = root;
    this.#reads = reads;
    this.#parts = location.split('/').filter((part) => part !== '' && part !== '.');
    if (this.#parts.length === 0 || this.#parts.includes('..')) {
      throw new TypeError(
        `Expected an OPFS location of folder names, got ${JSON.stringify(location)}`,
      );
    }
  }

  /** Opens (without creating anything yet) the store at `location` under the OPFS root. */
  static async open(location: string, options: OpfsStoreOptions = {}): Promise<OpfsStore> {
    const { reads = 'auto' } = options;
    if (!READS.includes(reads)) {
      throw new TypeError(
        `Expected \`reads\` to be 'auto', 'sync' or 'snapshot', got ${JSON.stringify(reads)}`,
      );
    }
    return new OpfsStore(location, await navigator.storage.getDirectory(), reads);
  }

  /** Whether reads through `sync` should give way to a snapshot (see {@link OpfsReads}). */
  #isRemote = (sync: SyncHandle): boolean => {
    if (this.#reads !== 'auto') return false;
    this.#remote ??= isRemote(sync);
    return this.#remote;
  };

  async #dir(names: readonly string[], create: boolean): Promise<Dir | undefined> {
    const path = [...this.#parts, ...names];
    const key = path.join('/');
    const cached = this.#dirs.get(key);
    if (cached) return cached;
    const dir = await childDir(this.#root, path, create);
    if (dir) this.#dirs.set(key, dir);
    return dir;
  }

  /** Drops cached handles at and under `names`. */
  #forget(names: readonly string[]): void {
    const prefix = [...this.#parts, ...names].join('/');
    for (const key of this.#dirs.keys()) {
      if (key === prefix || key.startsWith(`${prefix}/`)) this.#dirs.delete(key);
    }
  }

  /** Runs `work`; when it finds nothing through cached handles, forgets them and runs it once more. */
  async #fresh<T>(
    names: readonly string[],
    work: () => Promise<T>,
    found: (value: T) => boolean,
  ): Promise<T> {
    const first = await work().catch((error: unknown) => {
      if (!isMissing(error)) throw error;
      return undefined;
    });
    if (first !== undefined && found(first)) return first;
    this.#forget(names);
    return work();
  }

  /** Runs a write; if a cached directory was deleted meanwhile, forgets it and writes once more. */
  async #writing(parts: readonly string[], work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!isMissing(error)) throw error;
      this.#forget(parts);
      await work();
    }
  }

  /** The Web Lock name of one file of this store. */
  #lock(parts: readonly string[], file: string): string {
    return [...this.#parts, ...parts, file].join('/');
  }

  #funcParts(funcId: string): string[] {
    checkFuncId(funcId);
    return funcId.split('/');
  }

  #itemParts(funcId: string, argsId: string): string[] {
    if (!ARGS_ID.test(argsId))
      throw new TypeError(`Expected an argument hash of 32 hex characters, got ${argsId}`);
    return [...this.#funcParts(funcId), argsId];
  }

  async readFuncCode(funcId: string): Promise<string | undefined> {
    const dir = await this.#dir(this.#funcParts(funcId), false);
    const bytes = dir && (await readFileBytes(dir, 'func_code.js'));
    return bytes && new TextDecoder().decode(bytes);
  }

  async writeFuncCode(funcId: string, code: string): Promise<void> {
    const parts = this.#funcParts(funcId);
    const bytes = new TextEncoder().encode(code);
    await this.#writing(parts, async () => {
      const dir = (await this.#dir(parts, true)) as Dir;
      await writeAtomic(dir, 'func_code.js', [bytes], this.#lock(parts, 'func_code.js'));
    });
  }

  async contains(funcId: string, argsId: string): Promise<boolean> {
    const parts = this.#itemParts(funcId, argsId);
    const look = async () => {
      const dir = await this.#dir(parts, false);
      if (!dir) return false;
      try {
        await dir.getFileHandle('output.bin');
        return true;
      } catch (error) {
        if (isMissing(error)) return false;
        throw error;
      }
    };
    return this.#fresh(parts, look, (found) => found);
  }

  async readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined> {
    const parts = this.#itemParts(funcId, argsId);
    const read = async () => {
      const dir = await this.#dir(parts, false);
      return dir && readFileBytes(dir, 'output.bin');
    };
    return this.#fresh(parts, read, (bytes) => bytes !== undefined);
  }

  /**
   * Only where sync access handles exist (dedicated workers): elsewhere reading
   * the whole snapshot (`readOutput`) costs no more.
   */
  readonly openOutput =
    typeof FileSystemFileHandle !== 'undefined' &&
    'createSyncAccessHandle' in FileSystemFileHandle.prototype
      ? (funcId: string, argsId: string) => this.#openOutput(funcId, argsId)
      : undefined;

  async #openOutput(funcId: string, argsId: string): Promise<OutputFile | undefined> {
    const parts = this.#itemParts(funcId, argsId);
    const find = async () => {
      const dir = await this.#dir(parts, false);
      if (!dir) return undefined;
      const handle = (await dir.getFileHandle('output.bin')) as MovableFile;
      return { handle, file: await handle.getFile() };
    };
    const found = await this.#fresh(parts, find, (value) => value !== undefined);
    if (!found) return undefined;
    const { handle, file } = found;
    if (file.size >= SYNC_READ_MIN && this.#reads !== 'snapshot' && this.#remote !== true) {
      const lock = this.#lock(parts, 'output.bin');
      const reader = await syncReader(handle, file.size, lock, this.#isRemote);
      if (reader) return reader;
    }
    return snapshotReader(file);
  }

  async readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined> {
    const dir = await this.#dir(this.#itemParts(funcId, argsId), false);
    return parseMetadata(dir && (await readFileBytes(dir, 'metadata.json')));
  }

  async writeItem(
    funcId: string,
    argsId: string,
    output: Uint8Array,
    metadata: ItemMetadata,
  ): Promise<void> {
    await this.writeItemParts(funcId, argsId, [output], metadata);
  }

  async writeItemParts(
    funcId: string,
    argsId: string,
    output: readonly Uint8Array[],
    metadata: ItemMetadata,
  ): Promise<void> {
    const parts = this.#itemParts(funcId, argsId);
    const meta = metadataBytes(metadata);
    await this.#writing(parts, async () => {
      const dir = (await this.#dir(parts, true)) as Dir;
      await writeAtomic(dir, 'metadata.json', [meta], this.#lock(parts, 'metadata.json'));
      await writeAtomic(dir, 'output.bin', output, this.#lock(parts, 'output.bin'));
    });
  }

  async touch(funcId: string, argsId: string, time: number): Promise<void> {
    const metadata = await this.readMetadata(funcId, argsId);
    const parts = this.#itemParts(funcId, argsId);
    const dir = await this.#dir(parts, false);
    if (!metadata || !dir) return;
    try {
      const bytes = metadataBytes({ ...metadata, lastAccess: time });
      await writeAtomic(dir, 'metadata.json', [bytes], this.#lock(parts, 'metadata.json'));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }

  async deleteItem(funcId: string, argsId: string): Promise<void> {
    const parts = this.#itemParts(funcId, argsId);
    const parent = await this.#dir(parts.slice(0, -1), false);
    this.#forget(parts);
    if (parent) await removeEntry(parent, argsId);
  }

  async clearFunc(funcId: string): Promise<void> {
    const parts = this.#funcParts(funcId);
    const parent = await this.#dir(parts.slice(0, -1), false);
    this.#forget(parts);
    if (parent) await removeEntry(parent, parts.at(-1) as string);
  }

  async clear(): Promise<void> {
    const dir = await this.#dir([], false);
    for (const key of [...this.#dirs.keys()])
      if (this.#dirs.get(key) !== dir) this.#dirs.delete(key);
    if (!dir) return;
    const names: string[] = [];
    for await (const name of (dir as Dir & { keys(): AsyncIterable<string> }).keys())
      names.push(name);
    await Promise.all(names.map((name) => removeEntry(dir, name)));
  }

  async items(): Promise<ItemInfo[]> {
    const root = await this.#dir([], false);
    if (!root) return [];
    const out: ItemInfo[] = [];
    const walk = async (dir: Dir, path: string[]): Promise<void> => {
      const entries = (
        dir as Dir & { entries(): AsyncIterable<[string, FileSystemHandle]> }
      ).entries();
      for await (const [name, handle] of entries) {
        if (handle.kind !== 'directory') continue;
        const child = handle as Dir;
        if (!ARGS_ID.test(name)) {
          await walk(child, [...path, name]);
          continue;
        }
        try {
          const output = await (await child.getFileHandle('output.bin')).getFile();
          const raw = await readFileBytes(child, 'metadata.json');
          const metadata = parseMetadata(raw);
          out.push({
            funcId: path.join('/'),
            argsId: name,
            size: output.size + (raw?.byteLength ?? 0),
            lastAccess: metadata?.lastAccess ?? output.lastModified,
          });
        } catch (error) {
          if (!isMissing(error)) throw error;
        }
      }
    };
    await walk(root, []);
    return out;
  }

  async close(): Promise<void> {}
}
