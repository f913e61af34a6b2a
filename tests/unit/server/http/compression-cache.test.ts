import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../../../src/server/http/compression.ts';
import {
  compressionKey,
  folderCompressionCache,
} from '../../../../src/server/http/compression-cache.ts';

let site = '';
let cacheDir = '';

beforeEach(async () => {
  site = await mkdtemp(join(tmpdir(), 'yb-precompress-site-'));
  cacheDir = join(await mkdtemp(join(tmpdir(), 'yb-precompress-cache-')), 'cache');
});

afterEach(async () => {
  await rm(site, { recursive: true, force: true });
  await rm(join(cacheDir, '..'), { recursive: true, force: true });
});

const page = (text: string) => `<!doctype html>${`<p>${text}</p>\n`.repeat(200)}`;

/** A fresh build's output folder: the same files, no compressed copies yet. */
async function build(files: Record<string, string | Uint8Array>): Promise<void> {
  await rm(site, { recursive: true, force: true });
  await mkdir(site, { recursive: true });
  for (const [name, body] of Object.entries(files)) await writeFile(join(site, name), body);
}

async function expectDecodes(name: string): Promise<void> {
  const original = await readFile(join(site, name));
  expect(brotliDecompressSync(await readFile(join(site, `${name}.br`))).equals(original)).toBe(
    true,
  );
  expect(gunzipSync(await readFile(join(site, `${name}.gz`))).equals(original)).toBe(true);
}

describe('precompressFolder with a cache', () => {
  it('compresses nothing again when no file changed, and writes the same copies', async () => {
    const noise = crypto.getRandomValues(new Uint8Array(4096));
    const files = { 'a.html': page('generators'), 'b.js': page('async'), 'noise.css': noise };
    await build(files);
    const first = await precompressFolder(site, { cache: folderCompressionCache(cacheDir) });
    expect(first.compressed).toBe(6);
    const copies = await readFile(join(site, 'a.html.br'));

    await build(files);
    const second = await precompressFolder(site, { cache: folderCompressionCache(cacheDir) });

    expect(second.compressed).toBe(0);
    expect({ ...second, compressed: 6 }).toEqual(first);
    expect((await readFile(join(site, 'a.html.br'))).equals(copies)).toBe(true);
    await expectDecodes('a.html');
    await expectDecodes('b.js');
    // What did not pay is remembered too: still no copies of the random bytes.
    expect((await readdir(site)).filter((name) => name.startsWith('noise'))).toEqual(['noise.css']);
  });

  it('compresses a changed file again, and only that one', async () => {
    await build({ 'a.html': page('generators'), 'b.js': page('async') });
    await precompressFolder(site, { cache: folderCompressionCache(cacheDir) });

    await build({ 'a.html': page('generators, changed'), 'b.js': page('async') });
    const summary = await precompressFolder(site, { cache: folderCompressionCache(cacheDir) });

    expect(summary.compressed).toBe(2);
    await expectDecodes('a.html');
    await expectDecodes('b.js');
  });

  it('without a cache, compresses every file each time', async () => {
    await build({ 'a.html': page('generators') });
    await precompressFolder(site);
    await build({ 'a.html': page('generators') });
    expect((await precompressFolder(site)).compressed).toBe(2);
  });
});

describe('folderCompressionCache', () => {
  it('returns what was stored, null for "did not pay" and undefined for unknown keys', async () => {
    const cache = folderCompressionCache(cacheDir);
    const [stored, refused, unknown] = ['a', 'b', 'c'].map((text) =>
      compressionKey('br', new TextEncoder().encode(text)),
    ) as [string, string, string];
    await cache.set(stored, Buffer.from('packed'));
    await cache.set(refused, null);
    expect((await cache.get(stored))?.toString()).toBe('packed');
    expect(await cache.get(refused)).toBeNull();
    expect(await cache.get(unknown)).toBeUndefined();
  });

  it('keys differ by compressor settings as well as by bytes', () => {
    const bytes = new TextEncoder().encode('text');
    expect(compressionKey('br:quality=11', bytes)).not.toBe(compressionKey('br:quality=5', bytes));
    expect(compressionKey('br:quality=11', bytes)).toBe(compressionKey('br:quality=11', bytes));
  });

  it('prunes entries unused for longer than maxAgeMs, keeping those read recently', async () => {
    let now = Date.parse('2026-01-31T00:00:00Z');
    const cache = folderCompressionCache(cacheDir, { maxAgeMs: 10 * 86_400_000, now: () => now });
    const [old, used, fresh] = ['old', 'used', 'fresh'].map((text) =>
      compressionKey('gzip', new TextEncoder().encode(text)),
    ) as [string, string, string];
    for (const key of [old, used, fresh]) await cache.set(key, Buffer.from(key));
    const longAgo = new Date('2026-01-01T00:00:00Z');
    await utimes(join(cacheDir, old), longAgo, longAgo);
    await utimes(join(cacheDir, used), longAgo, longAgo);
    await cache.get(used);
    now += 1000;

    expect(await cache.prune()).toBe(1);
    expect((await readdir(cacheDir)).sort()).toEqual([fresh, used].sort());
  });

  it('rejects bad options and keys with a clear message', async () => {
    expect(() => folderCompressionCache(cacheDir, { maxAgeMs: -1 })).toThrow(
      'Expected `maxAgeMs` to be a finite number of milliseconds >= 0, got -1',
    );
    await expect(folderCompressionCache(cacheDir).get('../etc/passwd')).rejects.toThrow(
      'Expected `key` to be a sha256 hex digest, got "../etc/passwd"',
    );
  });
});
