import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressFolder } from '../../../../src/server/http/compression.ts';
import {
  IMMUTABLE,
  precompressedAssets,
  REVALIDATE,
} from '../../../../src/server/http/static-assets.ts';
import { rawRequest } from '../../../e2e/support/raw-http.ts';
import { closeServer } from '../llm/support.ts';

let dir = '';
let server: Server | null = null;
let port = 0;
const page = `<!doctype html>${'<p>Generators, one value at a time.</p>\n'.repeat(300)}`;
const bundle = `export const values = [${Array.from({ length: 400 }, (_, index) => index).join(', ')}];\n`;

const get = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(port, path, { headers, method });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yb-static-assets-'));
  await mkdir(join(dir, 'lessons', 'generators'), { recursive: true });
  await mkdir(join(dir, '_astro'));
  await writeFile(join(dir, 'lessons', 'generators', 'index.html'), page);
  await writeFile(join(dir, '_astro', 'page.Ab12.js'), bundle);
  await precompressFolder(dir);
  const assets = await precompressedAssets(dir);
  server = createServer((request, response) => {
    response.setHeader('X-Site', 'kept');
    if (assets.serve(request, response)) return;
    // Stands for Astro's static handler: identity bytes, ranges included.
    const range = /^bytes=(\d+)-(\d+)$/.exec(request.headers.range ?? '');
    const text = request.url?.startsWith('/_astro/') ? bundle : page;
    if (range) {
      response.statusCode = 206;
      response.end(text.slice(Number(range[1]), Number(range[2]) + 1));
    } else response.end(text);
  });
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await closeServer(server);
  await rm(dir, { recursive: true, force: true });
});

describe('precompressedAssets', () => {
  it('sends brotli or gzip by Accept-Encoding, decoding to the file, with the headers set before', async () => {
    const br = await get('/lessons/generators/', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.status).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(br.headers['cache-control']).toBe(REVALIDATE);
    expect(br.headers['x-site']).toBe('kept');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(brotliDecompressSync(br.body).toString('utf8')).toBe(page);

    const gzip = await get('/lessons/generators', { 'accept-encoding': 'gzip' });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString('utf8')).toBe(page);
    expect(gzip.headers.etag).not.toBe(br.headers.etag);
  });

  it('leaves identity to the next handler, with Vary and caching set', async () => {
    const plain = await get('/_astro/page.Ab12.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers['cache-control']).toBe(IMMUTABLE);
    expect(plain.body.toString('utf8')).toBe(bundle);
    const refused = await get('/_astro/page.Ab12.js', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
  });

  it('answers a range from identity bytes, never from a compressed copy', async () => {
    const part = await get('/lessons/generators/', {
      'accept-encoding': 'br, gzip',
      range: 'bytes=0-14',
    });
    expect(part.status).toBe(206);
    expect(part.headers['content-encoding']).toBeUndefined();
    expect(part.body.toString('utf8')).toBe(page.slice(0, 15));
  });

  it('answers HEAD with the headers of GET and no body, and 304 to a matching ETag', async () => {
    const whole = await get('/_astro/page.Ab12.js', { 'accept-encoding': 'br' });
    const head = await get('/_astro/page.Ab12.js', { 'accept-encoding': 'br' }, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(whole.body.length));
    expect(head.headers.etag).toBe(whole.headers.etag);
    const again = await get('/_astro/page.Ab12.js', {
      'accept-encoding': 'br',
      'if-none-match': String(whole.headers.etag),
    });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(whole.headers.etag);
    expect(await readFile(join(dir, '_astro', 'page.Ab12.js.br'))).toEqual(whole.body);
  });
});
