/**
 * How stored results are laid out and read back: large arrays are written from
 * their own memory, read straight into the result's buffers, and with
 * `mmapMode: 'r'` viewed where they lie in the bytes read once. Results of
 * another format version are a miss with one warning.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Memory, type MemoryOptions } from '../../../../src/lib/memory/index.ts';
import {
  deserialize,
  deserializeFrom,
  joinParts,
  LARGE_BLOB,
  READ_WHOLE,
  serialize,
  serializeParts,
} from '../../../../src/lib/memory/serialize.ts';
import type { OutputFile } from '../../../../src/lib/memory/store.ts';
import { FileSystemStore } from '../../../../src/lib/memory/stores/fs-store.ts';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'yb-zero-copy-'));
  dirs.push(dir);
  return dir;
}

interface Read {
  into: Uint8Array;
  position: number;
  size: number;
}

/** A filesystem store that records every read of result bytes (which buffer, where, of what size). */
function spiedStore(location: string): { store: FileSystemStore; reads: Read[] } {
  const store = new FileSystemStore(location);
  const reads: Read[] = [];
  const open = store.openOutput.bind(store);
  store.openOutput = async (funcId, argsId): Promise<OutputFile | undefined> => {
    const file = await open(funcId, argsId);
    if (!file) return undefined;
    return {
      size: file.size,
      read: async (into, position) => {
        reads.push({ into, position, size: file.size });
        await file.read(into, position);
      },
      close: () => file.close(),
    };
  };
  return { store, reads };
}

function quiet(options: MemoryOptions = {}): MemoryOptions & { warnings: string[] } {
  const warnings: string[] = [];
  return { verbose: 0, ...options, log: () => {}, warn: (text) => warnings.push(text), warnings };
}

/** A result with one large array (over `READ_WHOLE`, so read on its own), a small one and plain values. */
function result() {
  const large = new Float64Array(READ_WHOLE / 8 + 5).map((_, i) => i * 0.5);
  return { large, small: Int32Array.of(1, -2, 3), name: 'r' };
}

describe('stored layout', () => {
  it('writes a large array from its own memory and joins to the same bytes as serialize', () => {
    const value = result();
    const { parts, byteLength } = serializeParts(value);
    expect(parts.some((part) => part.buffer === value.large.buffer)).toBe(true);
    expect(parts.reduce((sum, part) => sum + part.byteLength, 0)).toBe(byteLength);
    const joined = joinParts({ parts, byteLength });
    expect(joined).toEqual(serialize(value));
    expect(deserialize(joined)).toEqual(value);
  });

  it('keeps the parts contiguous after a large array whose length is not a multiple of 8', () => {
    const odd = new Uint8Array(LARGE_BLOB + 3).fill(7);
    const value = [odd, Float64Array.of(1.5, 2.5), new Uint8Array(LARGE_BLOB + 1).fill(9)];
    const stored = serializeParts(value);
    const back = deserialize(joinParts(stored)) as typeof value;
    expect(back).toEqual(value);
  });
});

describe('reading a stored result from the filesystem', () => {
  it("mmapMode 'r': one read of the file, and each array is a view on that buffer where it lies, 8-aligned", async () => {
    const dir = await tempDir();
    const { store, reads } = spiedStore(join(dir, 'cache'));
    const options = quiet({ mmapMode: 'r' });
    const memory = new Memory(store, options);
    const f = memory.cache(function f(_seed: number) {
      return result();
    });
    await f(1);
    const hit = await f(1);
    await memory.settle();
    expect(reads).toHaveLength(1);
    const [read] = reads as [Read];
    expect(read.position).toBe(0);
    expect(read.into.byteLength).toBe(read.size);
    for (const array of [hit.large, hit.small]) {
      expect(array.buffer).toBe(read.into.buffer);
      expect(array.byteOffset % 8).toBe(0);
    }
    // The view shows the file's bytes at its own offset: the array lies there in the file.
    const file = await readFile(join(store.path('f', await f.argsId(1)), 'output.bin'));
    const { byteOffset, byteLength } = hit.large;
    expect(new Uint8Array(hit.large.buffer, byteOffset, byteLength)).toEqual(
      new Uint8Array(file.buffer, file.byteOffset + byteOffset, byteLength),
    );
    // Aliasing, not a copy: a change to the read buffer shows through the view.
    read.into.set(new Uint8Array(Float64Array.of(42).buffer), byteOffset);
    expect(hit.large[0]).toBe(42);
    expect(hit.large[1]).toBe(0.5);
    expect(options.warnings).toEqual([]);
  });

  it('without mmapMode, a large array is read straight into a buffer of its own that the result keeps', async () => {
    const dir = await tempDir();
    const { store, reads } = spiedStore(join(dir, 'cache'));
    const memory = new Memory(store, quiet());
    const f = memory.cache(function f(_seed: number) {
      return result();
    });
    await f(1);
    const hit = await f(1);
    await memory.settle();
    expect(hit).toEqual(result());
    expect(hit.large.byteOffset).toBe(0);
    expect(hit.large.buffer.byteLength).toBe(hit.large.byteLength);
    const into = reads.find((read) => read.into.buffer === hit.large.buffer);
    expect(into?.into.byteLength).toBe(hit.large.byteLength);
    // No read took the whole file: nothing was copied out of a second buffer.
    expect(reads.every((read) => read.into.byteLength < read.size)).toBe(true);
    // The result owns its buffers: writing to it changes nothing stored.
    hit.large[0] = 99;
    expect((await f(1)).large[0]).toBe(0);
  });

  it('a large result cut short is a miss with one warning, then stored again', async () => {
    const dir = await tempDir();
    const store = new FileSystemStore(join(dir, 'cache'));
    const options = quiet();
    const memory = new Memory(store, options);
    let runs = 0;
    const f = memory.cache(function f(_seed: number) {
      runs += 1;
      return result();
    });
    await f(1);
    const path = join(store.path('f', await f.argsId(1)), 'output.bin');
    const bytes = await readFile(path);
    await writeFile(path, bytes.subarray(0, bytes.byteLength - 100));
    expect(await f(1)).toEqual(result());
    expect(runs).toBe(2);
    expect(options.warnings).toHaveLength(1);
    expect(options.warnings[0]).toContain('stored result is truncated');
    expect(await f(1)).toEqual(result());
    expect(runs).toBe(2);
  });

  for (const size of ['small', 'large'] as const) {
    it(`a ${size} result stored in another format version is a miss with one clear warning, then stored again`, async () => {
      const dir = await tempDir();
      const store = new FileSystemStore(join(dir, 'cache'));
      const options = quiet();
      const memory = new Memory(store, options);
      let runs = 0;
      const f = memory.cache(function f(_seed: number) {
        runs += 1;
        return size === 'small' ? [1, 2] : result();
      });
      await f(1);
      const path = join(store.path('f', await f.argsId(1)), 'output.bin');
      const bytes = await readFile(path);
      bytes[3] = 0x39; // "YBM9"
      await writeFile(path, bytes);
      await f(1);
      expect(runs).toBe(2);
      expect(options.warnings).toHaveLength(1);
      expect(options.warnings[0]).toContain('Exception while loading results for f(1)');
      expect(options.warnings[0]).toContain(
        'stored in format YBM9 by another version of yieldbook/memory; this one reads YBM1',
      );
      await f(1);
      expect(runs).toBe(2);
      expect(options.warnings).toHaveLength(1);
    });
  }
});

describe('reading from a reader that makes its own buffers (readNew)', () => {
  /** A reader over `bytes` whose `readNew` copies each range into a new buffer, recorded. */
  function ownBuffers(bytes: Uint8Array) {
    const made: Uint8Array[] = [];
    const intoCalls: number[] = [];
    const reader = {
      size: bytes.byteLength,
      read: async (into: Uint8Array, position: number) => {
        intoCalls.push(into.byteLength);
        into.set(bytes.subarray(position, position + into.byteLength));
      },
      readNew: async (position: number, length: number) => {
        const out = bytes.slice(position, position + length);
        made.push(out);
        return out;
      },
    };
    return { reader, made, intoCalls };
  }

  it("mmapMode 'r': every array is a view on the one buffer readNew made, where it lies", async () => {
    const value = result();
    const stored = serialize(value);
    const { reader, made, intoCalls } = ownBuffers(stored);
    const hit = (await deserializeFrom(reader, { mmapMode: 'r' })) as ReturnType<typeof result>;
    expect(made).toHaveLength(1);
    expect(intoCalls).toEqual([]);
    const [buffer] = made as [Uint8Array];
    expect(buffer.byteLength).toBe(stored.byteLength);
    expect(hit.large.buffer).toBe(buffer.buffer);
    expect(hit.small.buffer).toBe(buffer.buffer);
    // Aliasing: a change to the bytes read shows through the view.
    new Float64Array(buffer.buffer, hit.large.byteOffset, 1)[0] = 7;
    expect(hit.large[0]).toBe(7);
  });

  it('without mmapMode, a large array keeps the buffer readNew made for its bytes', async () => {
    const value = result();
    const { reader, made } = ownBuffers(serialize(value));
    const hit = (await deserializeFrom(reader)) as ReturnType<typeof result>;
    expect(hit).toEqual(value);
    expect(made.some((buffer) => buffer.buffer === hit.large.buffer)).toBe(true);
    expect(hit.large.byteOffset).toBe(0);
    expect(hit.large.buffer.byteLength).toBe(hit.large.byteLength);
  });

  it('a readNew that returns fewer bytes than asked is a truncated result', async () => {
    const stored = serialize(result());
    const { reader } = ownBuffers(stored.subarray(0, stored.byteLength - 100));
    reader.size = stored.byteLength;
    await expect(deserializeFrom(reader, { mmapMode: 'r' })).rejects.toThrow(
      'stored result is truncated',
    );
  });
});

describe('touch on the filesystem', () => {
  it('records an access in the result file, without rewriting metadata.json', async () => {
    const dir = await tempDir();
    const store = new FileSystemStore(join(dir, 'cache'));
    const argsId = '0123456789abcdef0123456789abcdef';
    const metadata = { duration: 1, inputArgs: {}, time: 1_000_000, lastAccess: 1_000_000 };
    await store.writeItem('f', argsId, new Uint8Array([1]), metadata);
    const before = await readFile(join(store.path('f', argsId), 'metadata.json'), 'utf8');
    await store.touch('f', argsId, 2_000_123);
    expect(await readFile(join(store.path('f', argsId), 'metadata.json'), 'utf8')).toBe(before);
    expect((await store.readMetadata('f', argsId))?.lastAccess).toBe(2_000_123);
    expect((await store.items())[0]?.lastAccess).toBe(2_000_123);
  });
});
