import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeTypeBundle, fetchTypeBundle } from '../../../src/typecheck/fetch-type-bundle.ts';

const bundle = { version: 1, files: { '/yb/globals.d.ts': 'declare var display: unknown;' } };

function bytes(buffer: Buffer): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(buffer);
}

describe('decodeTypeBundle', () => {
  it('reads the gzip file the build writes, and plain JSON', async () => {
    expect(await decodeTypeBundle(bytes(gzipSync(JSON.stringify(bundle))))).toEqual(bundle);
    expect(await decodeTypeBundle(bytes(Buffer.from(JSON.stringify(bundle))))).toEqual(bundle);
  });

  it('refuses what is not a type bundle', async () => {
    await expect(decodeTypeBundle(bytes(Buffer.from('{"version":2}')))).rejects.toThrow(
      'Expected `bundle.version` to be 1, got 2',
    );
    await expect(
      decodeTypeBundle(bytes(Buffer.from('{"version":1,"files":{"a.d.ts":""}}'))),
    ).rejects.toThrow('Expected `bundle.files` to map absolute paths to text, got "a.d.ts" → ""');
  });
});

describe('fetchTypeBundle', () => {
  it('fetches through the given fetch, and names the status of a failure', async () => {
    const served = gzipSync(JSON.stringify(bundle));
    const fake: typeof fetch = async (url) =>
      String(url).endsWith('/ok.gz') ? new Response(served) : new Response('', { status: 404 });
    expect(await fetchTypeBundle('https://site/ok.gz', { fetch: fake })).toEqual(bundle);
    await expect(fetchTypeBundle('https://site/gone.gz', { fetch: fake })).rejects.toThrow(
      'Expected `url` to answer 200, got 404 from https://site/gone.gz',
    );
  });
});
