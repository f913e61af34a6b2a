import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MIN_COMPRESS_BYTES,
  precompressFolder,
  preferredEncoding,
} from '../../../../src/server/http/compression.ts';

describe('preferredEncoding', () => {
  it('prefers brotli, then gzip, when both are accepted', () => {
    expect(preferredEncoding('gzip, deflate, br, zstd', ['br', 'gzip'])).toBe('br');
    expect(preferredEncoding('gzip, deflate', ['br', 'gzip'])).toBe('gzip');
    expect(preferredEncoding('gzip', ['br'])).toBeNull();
  });

  it('follows q-values, refusals and the wildcard', () => {
    expect(preferredEncoding('br;q=0.5, gzip', ['br', 'gzip'])).toBe('gzip');
    expect(preferredEncoding('br;q=0, gzip;q=0', ['br', 'gzip'])).toBeNull();
    expect(preferredEncoding('*', ['br', 'gzip'])).toBe('br');
    expect(preferredEncoding('*;q=0, gzip', ['br', 'gzip'])).toBe('gzip');
    expect(preferredEncoding('identity', ['br', 'gzip'])).toBeNull();
    expect(preferredEncoding(undefined, ['br', 'gzip'])).toBeNull();
    expect(preferredEncoding('', ['br', 'gzip'])).toBeNull();
  });
});

describe('precompressFolder', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes .br and .gz copies that decode to the file, for text files above the threshold', async () => {
    dir = await mkdtemp(join(tmpdir(), 'yb-precompress-'));
    await mkdir(join(dir, 'lessons', 'a'), { recursive: true });
    const page = `<!doctype html>${'<p>A lesson about generators.</p>\n'.repeat(200)}`;
    await writeFile(join(dir, 'lessons', 'a', 'index.html'), page);
    await writeFile(join(dir, 'small.js'), 'x'.repeat(MIN_COMPRESS_BYTES - 1));
    await writeFile(join(dir, 'data.bin'), Buffer.alloc(4096));
    await writeFile(
      join(dir, 'noise.css'),
      Buffer.from(crypto.getRandomValues(new Uint8Array(4096))),
    );

    const summary = await precompressFolder(dir);

    const original = await readFile(join(dir, 'lessons', 'a', 'index.html'));
    const br = await readFile(join(dir, 'lessons', 'a', 'index.html.br'));
    const gz = await readFile(join(dir, 'lessons', 'a', 'index.html.gz'));
    expect(brotliDecompressSync(br).equals(original)).toBe(true);
    expect(gunzipSync(gz).equals(original)).toBe(true);
    expect(br.length).toBeLessThan(original.length);
    // Too small, not text, or incompressible (random bytes): no copies.
    expect((await readdir(dir)).sort()).toEqual(['data.bin', 'lessons', 'noise.css', 'small.js']);
    expect(summary.files).toBe(2);
    expect(summary.bytes).toBe(original.length + 4096);
    expect(summary.brotliBytes).toBe(br.length + 4096);
  });
});
