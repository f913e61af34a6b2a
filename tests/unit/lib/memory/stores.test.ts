import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSystemStore } from '../../../../src/lib/memory/stores/fs-store.ts';
import { MemoryStore } from '../../../../src/lib/memory/stores/memory-store.ts';
import { STORE_CASES } from './store-contract.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('MemoryStore', () => {
  for (const contract of STORE_CASES) {
    if (contract.name.startsWith('a store opened again')) continue;
    it(contract.name, async () => {
      await contract.run(async () => new MemoryStore());
    });
  }
});

describe('FileSystemStore', () => {
  for (const contract of STORE_CASES) {
    it(contract.name, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'yb-fs-store-'));
      dirs.push(dir);
      await contract.run(async () => new FileSystemStore(join(dir, 'cache')));
    });
  }

  it('writes a .gitignore into the location and keeps an existing one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yb-fs-store-'));
    dirs.push(dir);
    const store = new FileSystemStore(join(dir, 'cache'));
    await store.writeFuncCode('f', 'x');
    expect(await readFile(join(dir, 'cache', '.gitignore'), 'utf8')).toBe(
      '# Created by yieldbook/memory automatically.\n*\n',
    );
    await store.clear();
    expect(await readFile(join(dir, 'cache', '.gitignore'), 'utf8')).toContain('*');
  });

  it("uses joblib's layout: <location>/<func id>/<args id>/output.bin", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yb-fs-store-'));
    dirs.push(dir);
    const store = new FileSystemStore(join(dir, 'cache'));
    const argsId = '0123456789abcdef0123456789abcdef';
    await store.writeItem('ns/f', argsId, new Uint8Array([9]), {
      duration: 1,
      inputArgs: {},
      time: 1,
      lastAccess: 1,
    });
    const output = await readFile(join(dir, 'cache', 'ns', 'f', argsId, 'output.bin'));
    expect([...output]).toEqual([9]);
    expect(store.path('ns/f', argsId)).toBe(join(dir, 'cache', 'ns', 'f', argsId));
  });
});
