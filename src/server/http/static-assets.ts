/**
 * The built site's precompressed files (`.br`, `.gz` written at build by
 * src/integrations/precompress.ts), served by `server.mjs` before Astro's static handler
 * to browsers whose `Accept-Encoding` takes them. Everything else (identity, ranges, files
 * without copies) stays with Astro, which gets the `Vary` and `Cache-Control` headers set
 * here first.
 *
 * Caching: hashed bundles under `/_astro/` are immutable for a year; pages revalidate
 * every time (their ETag answers 304 when nothing changed).
 */
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, relative, sep } from 'node:path';
import { COMPRESSIBLE_TYPES, ENCODINGS, type Encoding, preferredEncoding } from './compression.ts';

/** `Cache-Control` of Astro's hashed bundles: a new build gives them new names. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** `Cache-Control` of everything else compressible: cached, but asked about every time. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

interface Variant {
  path: string;
  size: number;
  mtime: Date;
  etag: string;
}

interface Asset {
  type: string;
  cacheControl: string;
  variants: Map<Encoding, Variant>;
}

/** The precompressed files of a built site, by URL path. */
export interface PrecompressedAssets {
  /** How many files have at least one compressed copy. */
  readonly size: number;
  /**
   * Answers `request` with a compressed copy when there is one it accepts, and returns
   * true; otherwise sets only `Vary`/`Cache-Control` (for a known file) and returns false.
   */
  serve(request: IncomingMessage, response: ServerResponse): boolean;
}

/** The URL paths that name `file` (relative, with `/`): `a/index.html` is also `/a/` and `/a`. */
function urlPaths(file: string): string[] {
  const path = `/${file}`;
  if (path === '/index.html') return [path, '/'];
  if (path.endsWith('/index.html')) {
    const folder = path.slice(0, -'index.html'.length);
    return [path, folder, folder.slice(0, -1)];
  }
  return [path];
}

async function variantOf(path: string): Promise<Variant | null> {
  try {
    const info = await stat(path);
    // The form of `send`'s ETags (weak, size and mtime in hex), for this copy's own bytes.
    const etag = `W/"${info.size.toString(16)}-${info.mtimeMs.toString(16)}"`;
    return { path, size: info.size, mtime: info.mtime, etag };
  } catch {
    return null;
  }
}

/** Reads which files of `clientDir` (dist/client) have compressed copies. */
export async function precompressedAssets(clientDir: string): Promise<PrecompressedAssets> {
  const assets = new Map<string, Asset>();
  const entries = await readdir(clientDir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    const type = COMPRESSIBLE_TYPES[extname(entry.name)];
    if (!entry.isFile() || type === undefined) continue;
    const path = join(entry.parentPath, entry.name);
    const variants = new Map<Encoding, Variant>();
    for (const { name, suffix } of ENCODINGS) {
      const variant = await variantOf(`${path}${suffix}`);
      if (variant !== null) variants.set(name, variant);
    }
    if (variants.size === 0) continue;
    const file = relative(clientDir, path).split(sep).join('/');
    const cacheControl = file.startsWith('_astro/') ? IMMUTABLE : REVALIDATE;
    for (const url of urlPaths(file)) assets.set(url, { type, cacheControl, variants });
  }
  const known = new Set([...assets.values()]).size;

  return {
    size: known,
    serve(request, response) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return false;
      const raw = (request.url ?? '/').split('?', 1)[0] ?? '/';
      let pathname = raw;
      try {
        pathname = decodeURI(raw);
      } catch {
        // Left as it came: it names no file.
      }
      const asset = assets.get(pathname);
      if (asset === undefined) return false;
      response.setHeader('Vary', 'Accept-Encoding');
      response.setHeader('Cache-Control', asset.cacheControl);
      // A range counts bytes of one representation: identity's, which Astro serves.
      if (request.headers.range !== undefined) return false;
      const header = request.headers['accept-encoding'];
      const encoding = preferredEncoding(Array.isArray(header) ? header.join(',') : header, [
        ...asset.variants.keys(),
      ]);
      const variant = encoding === null ? undefined : asset.variants.get(encoding);
      if (encoding === null || variant === undefined) return false;
      response.setHeader('Content-Type', asset.type);
      response.setHeader('Content-Encoding', encoding);
      response.setHeader('ETag', variant.etag);
      response.setHeader('Last-Modified', variant.mtime.toUTCString());
      if (isFresh(request, variant)) {
        response.removeHeader('Content-Type');
        response.removeHeader('Content-Encoding');
        response.statusCode = 304;
        response.end();
        return true;
      }
      response.setHeader('Content-Length', variant.size);
      response.statusCode = 200;
      if (request.method === 'HEAD') {
        response.end();
        return true;
      }
      const file = createReadStream(variant.path);
      file.once('error', () => response.destroy());
      file.pipe(response);
      return true;
    },
  };
}

/** Whether the client's cached copy is this one (`If-None-Match` first, as RFC 9110 says). */
function isFresh(request: IncomingMessage, variant: Variant): boolean {
  const match = request.headers['if-none-match'];
  if (match !== undefined) {
    return match === '*' || match.split(',').some((tag) => tag.trim() === variant.etag);
  }
  const since = request.headers['if-modified-since'];
  if (since === undefined) return false;
  const time = Date.parse(since);
  return !Number.isNaN(time) && Math.floor(variant.mtime.getTime() / 1000) * 1000 <= time;
}
