/**
 * Compressed copies kept between builds, keyed by what was compressed and how, so a build
 * compresses only the files that changed (brotli at its highest quality takes most of a
 * build's precompression time). Used by src/integrations/precompress.ts through
 * `precompressFolder` (compression.ts).
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where compressed copies are found and kept; `null` marks "compression did not pay". */
export interface CompressionCache {
  /** The copy stored under `key`, `null` when it did not pay, `undefined` when unknown. */
  get(key: string): Promise<Buffer | null | undefined>;
  /** Stores `packed` (or `null`: not worth sending) under `key`. */
  set(key: string, packed: Buffer | null): Promise<void>;
}

/**
 * The key of `bytes` compressed by the compressor named `codec` (its name and settings, so
 * changing a setting compresses everything again).
 */
export function compressionKey(codec: string, bytes: Uint8Array): string {
  return createHash('sha256').update(codec).update('\0').update(bytes).digest('hex');
}

/** Options of {@link folderCompressionCache}. */
export interface FolderCompressionCacheOptions {
  /**
   * Entries not used for this long are removed by `prune()`.
   * @default 30 days
   */
  maxAgeMs?: number;
  /** The clock, for tests. @default Date.now */
  now?: () => number;
}

/** A {@link CompressionCache} in a folder, one file per key, with `prune()` for old entries. */
export interface FolderCompressionCache extends CompressionCache {
  /** Removes entries not read or written within `maxAgeMs`; resolves to how many. */
  prune(): Promise<number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * A {@link CompressionCache} kept in `dir` (created when first written). An empty file
 * stands for `null`: no compressor output is empty. Writes go through a temporary file and a
 * rename, so two builds sharing the folder never read half a file.
 * @example folderCompressionCache(join(root, 'node_modules', '.cache', 'yieldbook-precompress'))
 */
export function folderCompressionCache(
  dir: string,
  options: FolderCompressionCacheOptions = {},
): FolderCompressionCache {
  const maxAgeMs = options.maxAgeMs ?? 30 * DAY_MS;
  const now = options.now ?? Date.now;
  if (!(Number.isFinite(maxAgeMs) && maxAgeMs >= 0)) {
    throw new TypeError(
      `Expected \`maxAgeMs\` to be a finite number of milliseconds >= 0, got ${maxAgeMs}`,
    );
  }
  const pathOf = (key: string) => {
    if (!/^[0-9a-f]{64}$/.test(key)) {
      throw new TypeError(`Expected \`key\` to be a sha256 hex digest, got ${JSON.stringify(key)}`);
    }
    return join(dir, key);
  };
  const touch = async (path: string) => {
    const time = new Date(now());
    await utimes(path, time, time);
  };
  return {
    async get(key) {
      const path = pathOf(key);
      let bytes: Buffer;
      try {
        bytes = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
      // Marks the entry as used, for prune().
      await touch(path).catch(() => {});
      return bytes.length === 0 ? null : bytes;
    },
    async set(key, packed) {
      const path = pathOf(key);
      await mkdir(dir, { recursive: true });
      const temporary = `${path}.${randomUUID()}.tmp`;
      await writeFile(temporary, packed ?? Buffer.alloc(0));
      await touch(temporary);
      await rename(temporary, path);
    },
    async prune() {
      let names: string[];
      try {
        names = await readdir(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
        throw error;
      }
      const oldest = now() - maxAgeMs;
      let removed = 0;
      for (const name of names) {
        const path = join(dir, name);
        const info = await stat(path).catch(() => null);
        if (info === null || !info.isFile() || info.mtimeMs >= oldest) continue;
        await rm(path, { force: true });
        removed += 1;
      }
      return removed;
    },
  };
}
