/**
 * A filesystem cache writes into, and clears, only a folder that is its own: one it
 * created (marked with `.yieldbook-memory`), an empty one, or a cache of an earlier
 * version. Any other folder is refused before anything in it changes.
 */
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Memory } from '../../../../src/lib/memory/index.ts';
import { FileSystemStore } from '../../../../src/lib/memory/stores/fs-store.ts';

const GITIGNORE = '# Created by yieldbook/memory automatically.\n*\n';
const ARGS_ID = '0123456789abcdef0123456789abcdef';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yb-fs-location-'));
  dirs.push(dir);
  return dir;
}

/** A folder that looks like a project: it must survive every Memory pointed at it. */
async function project(): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'README.md'), '# A project\n');
  await mkdir(join(dir, 'src'));
  await writeFile(join(dir, 'src', 'index.ts'), 'export {};\n');
  return dir;
}

/** Every path under `dir`, sorted, with file contents: what "untouched" compares. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.map(async (entry) => {
      const path = join(entry.parentPath, entry.name).slice(dir.length);
      return entry.isFile() ? `${path}: ${await readFile(join(dir, path), 'utf8')}` : `${path}/`;
    }),
  ).then((lines) => lines.sort());
}

function quiet(location: string): Memory {
  return new Memory(location, { verbose: 0, warn: () => {} });
}

const REFUSED =
  /^Expected `location` to be a folder made by yieldbook\/memory, an empty folder or a new path, got .+, which holds README\.md, src: nothing in it was changed\. Pass a new folder, such as ".+cache"/u;

describe('a filesystem cache location', () => {
  it('refuses to clear a folder it did not make, and leaves it as it was', async () => {
    const dir = await project();
    const before = await snapshot(dir);
    await expect(quiet(dir).clear()).rejects.toThrow(REFUSED);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('says nothing of flushing a folder it refuses to clear, and says it once it has cleared', async () => {
    const dir = await project();
    const warnings: string[] = [];
    const refused = new Memory(dir, { verbose: 0, warn: (message) => warnings.push(message) });
    await expect(refused.clear()).rejects.toThrow(REFUSED);
    expect(warnings).toEqual([]);
    const own = new Memory(join(dir, 'cache'), {
      verbose: 0,
      warn: (message) => warnings.push(message),
    });
    await own.clear();
    expect(warnings).toEqual([expect.stringMatching(/: Flushing completely the cache$/u)]);
  });

  it('refuses to cache into a folder it did not make: no .gitignore, no function folder', async () => {
    const dir = await project();
    const before = await snapshot(dir);
    const memory = quiet(dir);
    const square = memory.cache(function square(x: number) {
      return x * x;
    });
    await expect(square(3)).rejects.toThrow(REFUSED);
    await expect(memory.reduceSize({ itemsLimit: 0 })).rejects.toThrow(REFUSED);
    await expect(memory.describe()).rejects.toThrow(REFUSED);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('names the folder in the error', async () => {
    const dir = await project();
    await expect(quiet(dir).clear()).rejects.toThrow(dir);
  });

  it('refuses a folder holding its .gitignore beside other files (left there by an old version)', async () => {
    const dir = await project();
    await writeFile(join(dir, '.gitignore'), GITIGNORE);
    const before = await snapshot(dir);
    await expect(quiet(dir).clear()).rejects.toThrow(/holds \.gitignore, README\.md, src/u);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses a file', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    await expect(quiet(join(dir, 'notes.txt')).clear()).rejects.toThrow(
      /^Expected `location` to be a folder, got .+notes\.txt, which is a file/u,
    );
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('keep me');
  });

  it('makes and marks a new folder, and clears it again and again', async () => {
    const dir = await tempDir();
    const location = join(dir, 'cache');
    const memory = quiet(location);
    const square = memory.cache(function square(x: number) {
      return x * x;
    });
    expect(await square(3)).toBe(9);
    expect((await readdir(location)).sort()).toEqual(['.gitignore', '.yieldbook-memory', 'square']);
    await memory.clear();
    expect((await readdir(location)).sort()).toEqual(['.gitignore', '.yieldbook-memory']);

    // Another Memory (another process) recognises the folder by its marker.
    const again = quiet(location);
    expect(
      await again.cache(function square(x: number) {
        return x * x;
      })(4),
    ).toBe(16);
    await again.clear();
    expect((await readdir(location)).sort()).toEqual(['.gitignore', '.yieldbook-memory']);
  });

  it('adopts an empty folder', async () => {
    const dir = await tempDir();
    const memory = quiet(dir);
    expect(
      await memory.cache(function double(x: number) {
        return 2 * x;
      })(4),
    ).toBe(8);
    expect((await readdir(dir)).sort()).toEqual(['.gitignore', '.yieldbook-memory', 'double']);
    await memory.clear();
    expect((await readdir(dir)).sort()).toEqual(['.gitignore', '.yieldbook-memory']);
  });

  it('marks its folder again when it was deleted while in use', async () => {
    const dir = await tempDir();
    const location = join(dir, 'cache');
    const store = new FileSystemStore(location);
    await store.writeFuncCode('f', 'function f() {}');
    await rm(location, { recursive: true });
    await store.writeFuncCode('g', 'function g() {}');
    expect((await readdir(location)).sort()).toEqual(['.gitignore', '.yieldbook-memory', 'g']);
    await new FileSystemStore(location).clear();
    expect((await readdir(location)).sort()).toEqual(['.gitignore', '.yieldbook-memory']);
  });

  it('does not create the folder to read from it', async () => {
    const dir = await tempDir();
    const memory = quiet(join(dir, 'cache'));
    expect(await memory.describe()).toMatchObject({ items: 0 });
    await memory.clear();
    expect(await readdir(dir)).toEqual([]);
  });

  it('takes over a cache of the earlier layout (only its .gitignore and cache files), marking it', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, '.gitignore'), GITIGNORE);
    await mkdir(join(dir, 'ns', 'f', ARGS_ID), { recursive: true });
    await writeFile(join(dir, 'ns', 'f', 'func_code.js'), 'function f() {}');
    await writeFile(join(dir, 'ns', 'f', ARGS_ID, 'output.bin'), new Uint8Array([1]));
    await writeFile(join(dir, 'ns', 'f', ARGS_ID, 'metadata.json'), '{}');
    const store = new FileSystemStore(dir);
    expect(await store.contains('ns/f', ARGS_ID)).toBe(true);
    await store.clear();
    expect((await readdir(dir)).sort()).toEqual(['.gitignore', '.yieldbook-memory']);
  });
});
