/**
 * What `npm start` sends a reader (src/server/http/static-assets.ts): brotli or gzip
 * copies that decode to the very bytes of the uncompressed file, with every site header
 * still on them; identity for ranges; no compression or buffering of the LLM proxy's
 * event streams. Raw HTTP, so nothing decodes behind the test's back.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { E2E_PORT } from './support/env.ts';
import { INTERACTION_LESSON, ROOT } from './support/lessons.ts';
import { rawRequest } from './support/raw-http.ts';
import { EVERYWHERE } from './support/site-headers.ts';

const ask = (path: string, headers: Record<string, string> = {}, method = 'GET') =>
  rawRequest(E2E_PORT, path, { headers, method });

/** The largest built bundle of `/_astro/` (the kernel's or the editor's, at least tens of KB). */
function largestBundle(): string {
  const folder = join(ROOT, 'dist', 'client', '_astro');
  const sizes = readdirSync(folder)
    .filter((name) => name.endsWith('.js.br'))
    .map((name) => ({ name, size: statSync(join(folder, name)).size }));
  const name = sizes.sort((a, b) => b.size - a.size).at(0)?.name;
  if (name === undefined) throw new Error('Expected precompressed bundles in dist/client/_astro');
  return `/_astro/${name.slice(0, -'.br'.length)}`;
}

const decoders = { br: brotliDecompressSync, gzip: gunzipSync } as const;

for (const path of [INTERACTION_LESSON, largestBundle()]) {
  for (const encoding of ['br', 'gzip'] as const) {
    test(`${path} in ${encoding} decodes to the uncompressed bytes, with every header`, async () => {
      const plain = await ask(path);
      const packed = await ask(path, { 'accept-encoding': `${encoding}, deflate` });
      expect(plain.status).toBe(200);
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(packed.status).toBe(200);
      expect(packed.headers['content-encoding']).toBe(encoding);
      expect(packed.body.length).toBeLessThan(plain.body.length / 2);
      expect(decoders[encoding](packed.body).equals(plain.body)).toBe(true);
      for (const answer of [plain, packed]) {
        expect(answer.headers).toMatchObject(EVERYWHERE);
        expect(answer.headers.vary).toBe('Accept-Encoding');
      }
      expect(packed.headers['content-type']).toBe(plain.headers['content-type']);
      expect(packed.headers['content-security-policy']).toBe(
        plain.headers['content-security-policy'],
      );
      expect(packed.headers['cache-control']).toBe(plain.headers['cache-control']);
    });
  }
}

test('hashed bundles are immutable; pages revalidate, and a matching ETag gets 304', async () => {
  const bundle = await ask(largestBundle(), { 'accept-encoding': 'br' });
  expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  const page = await ask(INTERACTION_LESSON, { 'accept-encoding': 'br' });
  expect(page.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
  const again = await ask(INTERACTION_LESSON, {
    'accept-encoding': 'br',
    'if-none-match': String(page.headers.etag),
  });
  expect(again.status).toBe(304);
  expect(again.body.length).toBe(0);
  expect(again.headers).toMatchObject(EVERYWHERE);
});

test('a range is served from the uncompressed bytes; HEAD has the headers of GET', async () => {
  const plain = await ask(INTERACTION_LESSON);
  const part = await ask(INTERACTION_LESSON, { 'accept-encoding': 'br', range: 'bytes=100-199' });
  expect(part.status).toBe(206);
  expect(part.headers['content-encoding']).toBeUndefined();
  expect(part.body.equals(plain.body.subarray(100, 200))).toBe(true);
  for (const encoding of ['br', undefined]) {
    const headers = encoding ? { 'accept-encoding': encoding } : {};
    const whole = await ask(INTERACTION_LESSON, headers);
    const head = await ask(INTERACTION_LESSON, headers, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(whole.body.length));
    expect(head.headers['content-encoding']).toBe(whole.headers['content-encoding']);
    expect(head.headers.etag).toBe(whole.headers.etag);
  }
});

test('an event stream from the proxy is neither compressed nor held back', async () => {
  const answer = await rawRequest(E2E_PORT, '/api/llm/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'accept-encoding': 'br, gzip' },
    body: JSON.stringify({
      model: 'yieldbook-offline',
      stream: true,
      messages: [{ role: 'user', content: 'What is the capital of Italy?' }],
    }),
  });
  const [first = Buffer.alloc(0), ...rest] = answer.chunks;
  expect(answer.headers['content-type']).toMatch(/^text\/event-stream/u);
  expect(answer.headers['content-encoding']).toBeUndefined();
  // The offline model paces its tokens: the first event comes alone, the rest after it.
  expect(first.toString('utf8')).toMatch(/^data: \{/u);
  expect(first.toString('utf8')).not.toContain('[DONE]');
  expect(Buffer.concat(rest).toString('utf8')).toContain('data: [DONE]');
});
