/**
 * HTTP/2 requests in the shape Astro's Node handler reads. Node's compatibility API lists
 * the pseudo-headers (`:method`, `:path`, `:authority`, `:scheme`) among `request.headers`,
 * and Astro copies every entry into a fetch `Headers`, which refuses a name with a colon
 * (astro 7.3, `makeRequestHeaders` in astro/dist/core/app/node.js): every HTTP/2 request
 * would fail. The request gets its own `headers` without them, with `host` from
 * `:authority` as HTTP/1.1 has it; `url` and `method` still read the originals.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { Http2ServerRequest } from 'node:http2';

/** Gives an HTTP/2 `request` HTTP/1.1-shaped headers (nothing to do for HTTP/1.x). */
export function withHttp1Headers(request: {
  httpVersionMajor: number;
  headers: IncomingHttpHeaders;
}): void {
  if (request.httpVersionMajor < 2) return;
  const original = (request as unknown as Http2ServerRequest).headers;
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(original)) {
    if (!name.startsWith(':')) headers[name] = value;
  }
  const authority = original[':authority'];
  if (headers.host === undefined && typeof authority === 'string') headers.host = authority;
  Object.defineProperty(request, 'headers', {
    value: headers,
    configurable: true,
    enumerable: true,
  });
}
