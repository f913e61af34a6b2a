/**
 * The filesystem store, for Node: joblib's folder layout,
 * `<location>/<func id>/<args id>/{output.bin,metadata.json}` and
 * `<location>/<func id>/func_code.js`. Every file is written under a unique
 * temporary name and renamed into place, so concurrent writers never leave a
 * half-written file where a reader looks.
 *
 * The store only writes into, reads from and clears a folder that is its own: one it
 * created, which it marks with a `.yieldbook-memory` file; an empty folder, which it
 * adopts and marks; or a cache of the earlier, unmarked layout (its `.gitignore` and cache
 * files only), which it marks. Any other folder (a project, a home folder) is refused
 * before anything in it changes: clearing would delete all of it.
 */
import {
  closeSync,
  type Dirent,
  fstatSync,
  openSync,
  read as readCallback,
  readSync,
  utimesSync,
} from 'node:fs';
import {
  type FileHandle,
  mkdir,
  open,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import process from 'node:process';
import { promisify } from 'node:util';
import type { ItemInfo, ItemMetadata, OutputFile, Store } from '../store.ts';
import { ARGS_ID, checkFuncId, metadataBytes, parseMetadata } from '../store.ts';

const GITIGNORE = '# Created by yieldbook/memory automatically.\n*\n';

/** The file that makes a folder a cache of yieldbook/memory. */
export const MARKER = '.yieldbook-memory';

const MARKER_TEXT =
  'This folder is a cache of yieldbook/memory. Clearing the cache deletes everything in it\n' +
  'but this file and .gitignore; delete the folder when you no longer need the cache.\n';

/** Files of the location itself, kept by `clear`. */
const KEPT = new Set([MARKER, '.gitignore']);

/** Files the earlier layout wrote below the location (with their temporary names). */
const CACHE_FILE = /^(?:func_code\.js|output\.bin|metadata\.json)(?:\.[\w-]+\.tmp)?$/u;

/** Writes `text` to `path` unless a file is there already. */
async function writeNew(path: string, text: string): Promise<void> {
  await writeFile(path, text, { flag: 'wx' }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
  });
}

/** True when `entries` (the location's) are an unmarked cache: its `.gitignore` and cache files. */
async function isEarlierCache(root: string, entries: readonly Dirent[]): Promise<boolean> {
  const gitignore = await readOrUndefined(join(root, '.gitignore'));
  if (gitignore?.toString('utf8') !== GITIGNORE) return false;
  for (const entry of entries) {
    if (entry.name === '.gitignore') continue;
    if (!entry.isDirectory()) return false;
    const below = await readdir(join(root, entry.name), { recursive: true, withFileTypes: true });
    if (below.some((inner) => !inner.isDirectory() && !CACHE_FILE.test(inner.name))) return false;
  }
  return true;
}

/** The error for a folder that is not a cache; names what is in it and what to do. */
function refusal(root: string, entries: readonly Dirent[]): Error {
  const names = entries.map((entry) => entry.name).sort();
  const shown =
    names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  return new Error(
    `Expected \`location\` to be a folder made by yieldbook/memory, an empty folder or a new path, got ${root}, which holds ${shown}: nothing in it was changed. Pass a new folder, such as "${join(root, 'cache')}"; a cache folder holds a ${MARKER} file`,
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function readOrUndefined(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

const readAsync = promisify(readCallback);

/**
 * Reads up to this many bytes with synchronous calls: a small hit then costs a
 * few system calls instead of four trips through libuv's thread pool, which
 * took most of its time. Larger reads go through the thread pool, so they do
 * not hold the event loop.
 */
const SYNC_READ = 1024 * 1024;

/** Fills `into` from `fd` at `position`; throws when the file ends first. */
async function readFully(fd: number, into: Uint8Array, position: number): Promise<void> {
  let at = 0;
  while (at < into.byteLength) {
    const count =
      into.byteLength <= SYNC_READ
        ? readSync(fd, into, at, into.byteLength - at, position + at)
        : (await readAsync(fd, into, at, into.byteLength - at, position + at)).bytesRead;
    if (count === 0) throw new Error('stored result is truncated');
    at += count;
  }
}

/** Writes every byte of `parts` in order, with as few system calls as `writev` allows. */
async function writeAll(handle: FileHandle, parts: readonly Uint8Array[]): Promise<void> {
  let pending = parts.filter((part) => part.byteLength > 0);
  while (pending.length > 0) {
    // IOV_MAX is 1024 on Linux; a longer list is written in turns.
    let { bytesWritten } = await handle.writev(pending.slice(0, 1024));
    if (bytesWritten === 0)
      throw new Error('Expected a write to make progress, got 0 bytes written');
    const rest: Uint8Array[] = [];
    for (const part of pending) {
      if (bytesWritten >= part.byteLength) bytesWritten -= part.byteLength;
      else {
        rest.push(bytesWritten > 0 ? part.subarray(bytesWritten) : part);
        bytesWritten = 0;
      }
    }
    pending = rest;
  }
}

/**
 * Writes `data` to a unique temporary name beside `path`, then renames it over
 * `path`; with `lastAccess` (ms), the file's times are set to it first.
 */
async function writeAtomic(
  path: string,
  data: string | readonly Uint8Array[],
  lastAccess?: number,
): Promise<void> {
  const temporary = `${path}.${crypto.randomUUID().replaceAll('-', '')}-${process.pid}.tmp`;
  try {
    if (typeof data === 'string') await writeFile(temporary, data);
    else {
      const handle = await open(temporary, 'w');
      try {
        await writeAll(handle, data);
        if (lastAccess !== undefined) await handle.utimes(lastAccess / 1000, lastAccess / 1000);
      } finally {
        await handle.close();
      }
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** The modification time of a result file in whole ms (where `touch` records an access), or `undefined`. */
async function touchedAt(path: string): Promise<number | undefined> {
  try {
    return Math.round((await stat(path)).mtimeMs);
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw error;
  }
}

/** A store in a folder of the filesystem (Node only). */
export class FileSystemStore implements Store {
  readonly kind = 'filesystem';
  readonly location: string;
  readonly #root: string;
  /** Settles once the location is known to be this cache's and carries the marker. */
  #owned: Promise<void> | undefined;

  constructor(location: string) {
    this.location = location;
    this.#root = resolve(location);
  }

  /** The folder of a function, or of one of its results. */
  path(funcId: string, argsId?: string): string {
    checkFuncId(funcId);
    if (argsId !== undefined && !ARGS_ID.test(argsId)) {
      throw new TypeError(`Expected an argument hash of 32 hex characters, got ${argsId}`);
    }
    const dir = join(this.#root, ...funcId.split('/'));
    return argsId === undefined ? dir : join(dir, argsId);
  }

  /**
   * Makes sure the location is this cache's before it is used: creates and marks it when
   * missing and `create` is set, marks an empty folder or an earlier cache, refuses any
   * other folder. Resolves false when the location is missing (and not created).
   */
  async #claim(create: boolean): Promise<boolean> {
    if (this.#owned === undefined) {
      let entries: Dirent[] = [];
      try {
        entries = await readdir(this.#root, { withFileTypes: true });
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOTDIR') {
          throw new Error(
            `Expected \`location\` to be a folder, got ${this.#root}, which is a file (or lies under one): nothing was changed. Pass a folder path`,
          );
        }
        if (!isMissing(error)) throw error;
        if (!create) return false;
      }
      const marked = entries.some((entry) => entry.name === MARKER);
      if (!marked && entries.length > 0 && !(await isEarlierCache(this.#root, entries))) {
        throw refusal(this.#root, entries);
      }
      this.#owned ??= this.#mark().catch((error: unknown) => {
        this.#owned = undefined;
        throw error;
      });
    }
    await this.#owned;
    return true;
  }

  /** Creates the location if needed, with its marker and `.gitignore` (each kept if present). */
  async #mark(): Promise<void> {
    await mkdir(this.#root, { recursive: true });
    await writeNew(join(this.#root, MARKER), MARKER_TEXT);
    await writeNew(join(this.#root, '.gitignore'), GITIGNORE);
  }

  /** Creates a folder below the location; marks the location again if that re-created it. */
  async #mkdir(dir: string): Promise<void> {
    const made = await mkdir(dir, { recursive: true });
    // The location was deleted (by hand, or by another process) since it was claimed.
    if (made !== undefined && !relative(made, this.#root).startsWith('..')) await this.#mark();
  }

  async readFuncCode(funcId: string): Promise<string | undefined> {
    if (!(await this.#claim(false))) return undefined;
    return (await readOrUndefined(join(this.path(funcId), 'func_code.js')))?.toString('utf8');
  }

  async writeFuncCode(funcId: string, code: string): Promise<void> {
    const dir = this.path(funcId);
    await this.#claim(true);
    await this.#mkdir(dir);
    await writeAtomic(join(dir, 'func_code.js'), code);
  }

  async contains(funcId: string, argsId: string): Promise<boolean> {
    if (!(await this.#claim(false))) return false;
    try {
      return (await stat(join(this.path(funcId, argsId), 'output.bin'))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined> {
    const file = await this.openOutput(funcId, argsId);
    if (!file) return undefined;
    try {
      const bytes = new Uint8Array(file.size);
      await file.read(bytes, 0);
      return bytes;
    } finally {
      await file.close();
    }
  }

  async openOutput(funcId: string, argsId: string): Promise<OutputFile | undefined> {
    if (!(await this.#claim(false))) return undefined;
    const path = join(this.path(funcId, argsId), 'output.bin');
    let fd: number;
    try {
      // open and fstat are quick system calls; the thread pool would cost more than they do.
      fd = openSync(path, 'r');
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
    let size: number;
    try {
      size = fstatSync(fd).size;
    } catch (error) {
      closeSync(fd);
      throw error;
    }
    let closed = false;
    return {
      size,
      read: (into, position) => readFully(fd, into, position),
      close: async () => {
        if (!closed) closeSync(fd);
        closed = true;
      },
    };
  }

  async readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined> {
    if (!(await this.#claim(false))) return undefined;
    const dir = this.path(funcId, argsId);
    const metadata = parseMetadata(await readOrUndefined(join(dir, 'metadata.json')));
    if (!metadata) return undefined;
    const touched = await touchedAt(join(dir, 'output.bin'));
    if (touched !== undefined && touched > metadata.lastAccess) metadata.lastAccess = touched;
    return metadata;
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
    parts: readonly Uint8Array[],
    metadata: ItemMetadata,
  ): Promise<void> {
    const dir = this.path(funcId, argsId);
    await this.#claim(true);
    await this.#mkdir(dir);
    await writeAtomic(join(dir, 'metadata.json'), [metadataBytes(metadata)]);
    await writeAtomic(join(dir, 'output.bin'), parts, metadata.lastAccess);
  }

  /**
   * Sets the result file's modification time (one `utimes`): rewriting
   * metadata.json on every hit cost more than the hit. joblib reads the access
   * time for the same purpose; `readMetadata` and `items` take the later of the
   * two. The call is synchronous, as the small reads are: one quick system call,
   * where a trip through libuv's thread pool cost a small hit more than the rest
   * of it and held the next call behind it.
   */
  async touch(funcId: string, argsId: string, time: number): Promise<void> {
    if (!(await this.#claim(false))) return;
    try {
      utimesSync(join(this.path(funcId, argsId), 'output.bin'), time / 1000, time / 1000);
    } catch (error) {
      // The item was deleted meanwhile (reduceSize or another process): nothing to touch.
      if (!isMissing(error)) throw error;
    }
  }

  async deleteItem(funcId: string, argsId: string): Promise<void> {
    const dir = this.path(funcId, argsId);
    if (!(await this.#claim(false))) return;
    await rm(dir, { recursive: true, force: true });
  }

  async clearFunc(funcId: string): Promise<void> {
    const dir = this.path(funcId);
    if (!(await this.#claim(false))) return;
    await rm(dir, { recursive: true, force: true });
  }

  async clear(): Promise<void> {
    if (!(await this.#claim(false))) return;
    let entries: string[];
    try {
      entries = await readdir(this.#root);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await Promise.all(
      entries
        .filter((name) => !KEPT.has(name))
        .map((name) => rm(join(this.#root, name), { recursive: true, force: true })),
    );
  }

  async items(): Promise<ItemInfo[]> {
    if (!(await this.#claim(false))) return [];
    let entries: { name: string; parentPath: string; isDirectory(): boolean }[];
    try {
      entries = await readdir(this.#root, { withFileTypes: true, recursive: true });
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const found = await Promise.all(
      entries
        .filter((entry) => entry.isDirectory() && ARGS_ID.test(entry.name))
        .map(async (entry): Promise<ItemInfo | null> => {
          const dir = join(entry.parentPath, entry.name);
          const funcId = entry.parentPath
            .slice(this.#root.length + 1)
            .split(/[\\/]/)
            .join('/');
          try {
            const output = await stat(join(dir, 'output.bin'));
            const raw = await readOrUndefined(join(dir, 'metadata.json'));
            const metadata = parseMetadata(raw);
            return {
              funcId,
              argsId: entry.name,
              size: output.size + (raw?.byteLength ?? 0),
              lastAccess: Math.max(metadata?.lastAccess ?? 0, Math.round(output.mtimeMs)),
            };
          } catch (error) {
            // Deleted while walking, or never completed: not an item.
            if (isMissing(error)) return null;
            throw error;
          }
        }),
    );
    return found.filter((item): item is ItemInfo => item !== null);
  }

  async close(): Promise<void> {}
}
