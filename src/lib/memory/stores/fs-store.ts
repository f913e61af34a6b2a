/**
 * The filesystem store, for Node: joblib's folder layout,
 * `<location>/<func id>/<args id>/{output.bin,metadata.json}` and
 * `<location>/<func id>/func_code.js`. Every file is written under a unique
 * temporary name and renamed into place, so concurrent writers never leave a
 * half-written file where a reader looks.
 */
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import process from 'node:process';
import type { ItemInfo, ItemMetadata, Store } from '../store.ts';
import { ARGS_ID, checkFuncId, metadataBytes, parseMetadata } from '../store.ts';

const GITIGNORE = '# Created by yieldbook/memory automatically.\n*\n';

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

/** Writes `data` to a unique temporary name beside `path`, then renames it over `path`. */
async function writeAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temporary = `${path}.${crypto.randomUUID().replaceAll('-', '')}-${process.pid}.tmp`;
  try {
    await writeFile(temporary, data);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** A store in a folder of the filesystem (Node only). */
export class FileSystemStore implements Store {
  readonly kind = 'filesystem';
  readonly location: string;
  readonly #root: string;
  #ready: Promise<void> | undefined;

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

  /** Creates the location with its `.gitignore` (kept if it exists) once. */
  #prepare(): Promise<void> {
    this.#ready ??= (async () => {
      await mkdir(this.#root, { recursive: true });
      await writeFile(join(this.#root, '.gitignore'), GITIGNORE, { flag: 'wx' }).catch(
        (error: unknown) => {
          if ((error as { code?: unknown }).code !== 'EEXIST') throw error;
        },
      );
    })();
    return this.#ready;
  }

  async readFuncCode(funcId: string): Promise<string | undefined> {
    return (await readOrUndefined(join(this.path(funcId), 'func_code.js')))?.toString('utf8');
  }

  async writeFuncCode(funcId: string, code: string): Promise<void> {
    await this.#prepare();
    const dir = this.path(funcId);
    await mkdir(dir, { recursive: true });
    await writeAtomic(join(dir, 'func_code.js'), code);
  }

  async contains(funcId: string, argsId: string): Promise<boolean> {
    try {
      return (await stat(join(this.path(funcId, argsId), 'output.bin'))).isFile();
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async readOutput(funcId: string, argsId: string): Promise<Uint8Array | undefined> {
    const data = await readOrUndefined(join(this.path(funcId, argsId), 'output.bin'));
    if (data === undefined) return undefined;
    // Small files can share Node's pooled buffer; a result's views must own theirs.
    if (data.byteOffset !== 0 || data.buffer.byteLength !== data.byteLength) {
      return new Uint8Array(data);
    }
    return new Uint8Array(data.buffer, 0, data.byteLength);
  }

  async readMetadata(funcId: string, argsId: string): Promise<ItemMetadata | undefined> {
    return parseMetadata(await readOrUndefined(join(this.path(funcId, argsId), 'metadata.json')));
  }

  async writeItem(
    funcId: string,
    argsId: string,
    output: Uint8Array,
    metadata: ItemMetadata,
  ): Promise<void> {
    await this.#prepare();
    const dir = this.path(funcId, argsId);
    await mkdir(dir, { recursive: true });
    await writeAtomic(join(dir, 'metadata.json'), metadataBytes(metadata));
    await writeAtomic(join(dir, 'output.bin'), output);
  }

  async touch(funcId: string, argsId: string, time: number): Promise<void> {
    const metadata = await this.readMetadata(funcId, argsId);
    if (!metadata) return;
    try {
      await writeAtomic(
        join(this.path(funcId, argsId), 'metadata.json'),
        metadataBytes({ ...metadata, lastAccess: time }),
      );
    } catch (error) {
      // The item was deleted meanwhile (reduceSize or another process): nothing to touch.
      if (!isMissing(error)) throw error;
    }
  }

  async deleteItem(funcId: string, argsId: string): Promise<void> {
    await rm(this.path(funcId, argsId), { recursive: true, force: true });
  }

  async clearFunc(funcId: string): Promise<void> {
    await rm(this.path(funcId), { recursive: true, force: true });
  }

  async clear(): Promise<void> {
    let entries: string[];
    try {
      entries = await readdir(this.#root);
    } catch (error) {
      if (isMissing(error)) return;
      throw error;
    }
    await Promise.all(
      entries
        .filter((name) => name !== '.gitignore')
        .map((name) => rm(join(this.#root, name), { recursive: true, force: true })),
    );
  }

  async items(): Promise<ItemInfo[]> {
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
              lastAccess: metadata?.lastAccess ?? output.mtimeMs,
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
