/**
 * A plain static server for `dist/client` that sends NO cross-origin isolation
 * headers: the page must still run cells and say what is unavailable, as on a
 * static host without header control.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml',
};

/** A running static server. */
export interface StaticServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  close(): Promise<void>;
}

/** The file a URL path maps to, or null when it escapes the root. */
function fileFor(root: string, pathname: string): string | null {
  const decoded = decodeURIComponent(pathname);
  const candidate = normalize(join(root, decoded));
  return candidate === root || candidate.startsWith(root + sep) ? candidate : null;
}

async function resolveFile(path: string): Promise<string | null> {
  try {
    const info = await stat(path);
    if (info.isFile()) return path;
    if (info.isDirectory()) return resolveFile(join(path, 'index.html'));
  } catch {
    // Falls through to the `.html` form Astro writes for `build.format: 'file'`.
  }
  return extname(path) === '' ? resolveFileStrict(`${path}.html`) : null;
}

async function resolveFileStrict(path: string): Promise<string | null> {
  try {
    return (await stat(path)).isFile() ? path : null;
  } catch {
    return null;
  }
}

/** Options of `startStaticServer`. */
export interface StaticServerOptions {
  port?: number;
  signal?: AbortSignal;
  /** The path the files are served under (a project page's `/<repo>/`). @default '/' */
  base?: string;
  /** Answers a request itself (a fake of the site's API) by returning true. */
  handle?(request: IncomingMessage, response: ServerResponse): boolean;
}

/**
 * Serves `root` on 127.0.0.1 (a free port unless `port` is given) without COOP/COEP.
 * Closing the server (or aborting `signal`) stops it.
 */
export async function startStaticServer(
  root: string,
  options: StaticServerOptions = {},
): Promise<StaticServer> {
  const base = resolve(root);
  const prefix = options.base ?? '/';
  const server: Server = createServer((request, response) => {
    if (options.handle?.(request, response) === true) return;
    const url = new URL(request.url ?? '/', 'http://localhost');
    const inside = url.pathname.startsWith(prefix) ? `/${url.pathname.slice(prefix.length)}` : null;
    const path = inside === null ? null : fileFor(base, inside);
    const found = path === null ? Promise.resolve(null) : resolveFile(path);
    found.then(
      (file) => {
        if (file === null) {
          response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          response.end('Not found');
          return;
        }
        response.writeHead(200, {
          'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
          'cache-control': 'no-store',
        });
        createReadStream(file).pipe(response);
      },
      (error: unknown) => {
        response.writeHead(500);
        response.end(String(error));
      },
    );
  });
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', done);
  });
  const close = () =>
    new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    });
  options.signal?.addEventListener('abort', () => void close(), { once: true });
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close };
}
