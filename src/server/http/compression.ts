/**
 * What `npm start` compresses, and how: the encodings, which files are worth it, and
 * negotiation by `Accept-Encoding`. Shared by the build (src/integrations/precompress.ts
 * writes `.br` and `.gz` next to each such file) and the server
 * (static-assets.ts serves them).
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { type CompressionCache, compressionKey } from './compression-cache.ts';

/** An encoding the server sends, in order of preference, with the suffix of its files. */
export const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

/** A content coding `npm start` serves. */
export type Encoding = (typeof ENCODINGS)[number]['name'];

/** Text types worth compressing, by extension, with the `Content-Type` `send` gives them. */
export const COMPRESSIBLE_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
};

/** Files smaller than this are sent as they are: a header costs more than it saves. */
export const MIN_COMPRESS_BYTES = 1024;

/**
 * The best encoding `acceptEncoding` allows among `available`, or null for identity.
 * Understands q-values (`gzip;q=0` refuses gzip) and `*`.
 * @example preferredEncoding('gzip, deflate, br', ['br', 'gzip']) // 'br'
 */
export function preferredEncoding(
  acceptEncoding: string | undefined,
  available: readonly Encoding[],
): Encoding | null {
  if (acceptEncoding === undefined || acceptEncoding === '') return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [token = '', ...params] = part.split(';').map((piece) => piece.trim());
    if (token === '') continue;
    let q = 1;
    for (const param of params) {
      const match = /^q=([01](?:\.\d{0,3})?)$/i.exec(param);
      if (match) q = Number(match[1]);
    }
    weights.set(token.toLowerCase(), q);
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of available) {
    const q = weights.get(encoding) ?? weights.get('*') ?? 0;
    if (q > bestQ) {
      best = encoding;
      bestQ = q;
    }
  }
  return best;
}

/** Names the compressors' settings in cache keys: change it when a setting changes. */
const CODECS: Record<Encoding, string> = { br: 'br:quality=11,mode=text', gzip: 'gzip:level=9' };

const compressors: Record<Encoding, (bytes: Buffer) => Promise<Buffer>> = {
  br: (bytes) =>
    promisify(brotliCompress)(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      },
    }),
  gzip: (bytes) => promisify(gzip)(bytes, { level: constants.Z_BEST_COMPRESSION }),
};

/** What {@link precompressFolder} did. */
export interface PrecompressSummary {
  files: number;
  bytes: number;
  /** Bytes of the brotli files, or of the originals where brotli did not pay. */
  brotliBytes: number;
  /** Copies compressed by this call (the others came from the cache), one per file and encoding. */
  compressed: number;
}

/** Options of {@link precompressFolder}. */
export interface PrecompressOptions {
  /** Copies kept from earlier calls (compression-cache.ts); without it, everything is compressed. */
  cache?: CompressionCache;
}

/**
 * Writes `<file>.br` and `<file>.gz` next to every compressible file of `dir` of at least
 * {@link MIN_COMPRESS_BYTES}, keeping an encoding only when it is smaller than the file.
 * With a `cache`, a file whose bytes were compressed before is not compressed again.
 */
export async function precompressFolder(
  dir: string,
  options: PrecompressOptions = {},
): Promise<PrecompressSummary> {
  const { cache } = options;
  const summary: PrecompressSummary = { files: 0, bytes: 0, brotliBytes: 0, compressed: 0 };
  const pack = async (name: Encoding, bytes: Buffer): Promise<Buffer | null> => {
    const key = cache && compressionKey(CODECS[name], bytes);
    const known = key === undefined ? undefined : await cache?.get(key);
    if (known !== undefined) return known;
    summary.compressed += 1;
    const packed = await compressors[name](bytes);
    const kept = packed.length < bytes.length ? packed : null;
    if (key !== undefined) await cache?.set(key, kept);
    return kept;
  };
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  const paths = entries
    .filter((entry) => entry.isFile() && extname(entry.name) in COMPRESSIBLE_TYPES)
    .map((entry) => join(entry.parentPath, entry.name));
  await Promise.all(
    paths.map(async (path) => {
      if ((await stat(path)).size < MIN_COMPRESS_BYTES) return;
      const bytes = await readFile(path);
      summary.files += 1;
      summary.bytes += bytes.length;
      let brotliBytes = bytes.length;
      for (const { name, suffix } of ENCODINGS) {
        const packed = await pack(name, bytes);
        if (packed === null) continue;
        await writeFile(`${path}${suffix}`, packed);
        if (name === 'br') brotliBytes = packed.length;
      }
      summary.brotliBytes += brotliBytes;
    }),
  );
  return summary;
}
