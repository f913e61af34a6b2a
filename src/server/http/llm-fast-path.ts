/**
 * `/api/llm/v1/*` answered before Astro: `server.mjs` hands these requests straight to the
 * framework-free proxy (src/server/llm/), the one the Astro route adapts, built from the
 * same `LLM_*` settings at the first request. Astro's request handling (a static-file
 * lookup, routing, its `Request`, middleware, its response writer) cost more CPU per
 * request than the proxy itself (docs/benchmarks.md, "Proxy").
 *
 * Answers match the route's byte for byte, status and headers included
 * (tests/e2e/llm-fast-path.spec.ts): the same client address (the socket's), Astro's
 * cross-site form check (`security.checkOrigin`), and a body read no faster than the
 * client drains it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import process from 'node:process';
import { configuredProxy } from '../llm/configured-proxy.ts';
import { toProxyRequest, writeFetchResponse, writeReply } from '../llm/node-server.ts';
import type { LlmProxy } from '../llm/proxy.ts';
import type { ProxyEnv } from '../llm/settings.ts';
import { siteProxy } from '../llm/site-proxy.ts';
import type { ProxyHandler } from '../llm/types.ts';

/** Where the Astro route (src/pages/api/llm/v1/[...path].ts) is mounted. */
export const LLM_BASE_PATH = '/api/llm/v1';

/** Whether the Astro route would take `pathname` (a URL's path, without its query). */
export function isLlmPath(pathname: string): boolean {
  return pathname === LLM_BASE_PATH || pathname.startsWith(`${LLM_BASE_PATH}/`);
}

/** Options of {@link llmFastPath}. */
export interface LlmFastPathOptions {
  /** Settings for a proxy of its own (tests). @default the site's one proxy (`siteProxy`), from the `LLM_*` variables of `process.env` */
  env?: () => ProxyEnv;
  /**
   * The proxy to serve (tests); one with `reply` (an `LlmProxy`) has its text replies written
   * without a `Response`. @default `configuredProxy(env())`, built at the first request
   */
  proxy?: ProxyHandler | LlmProxy;
  /** The key of a client's limits. @default the socket's remote address, as Astro's `clientAddress` */
  clientAddress?: (request: IncomingMessage) => string;
}

/** A Node request listener for the paths {@link isLlmPath} accepts. */
export type NodeHandler = (request: IncomingMessage, response: ServerResponse) => void;

/** Astro's `security.checkOrigin` (astro/dist/core/app/origin-check.js), which the route had. */
const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function isForbiddenCrossSite(request: IncomingMessage, origin: string): boolean {
  const method = request.method ?? 'GET';
  if (SAFE_METHODS.has(method)) return false;
  const sameOrigin = request.headers.origin === origin;
  const type = request.headers['content-type'];
  if (type === undefined) return !sameOrigin;
  const lower = type.toLowerCase();
  return FORM_TYPES.some((form) => lower.includes(form)) && !sameOrigin;
}

/** The request's origin as Astro builds it: the scheme of the socket and the `Host` header. */
function requestOrigin(request: IncomingMessage): string {
  const scheme = 'encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http';
  const host = request.headers.host ?? request.headers[':authority'];
  const candidate = `${scheme}://${typeof host === 'string' ? host : 'localhost'}`;
  // A site's requests name one or two hosts: the last one's origin is reused, not parsed again.
  if (candidate === lastOrigin.candidate) return lastOrigin.origin;
  const origin = URL.canParse(candidate) ? new URL(candidate).origin : `${scheme}://localhost`;
  lastOrigin = { candidate, origin };
  return origin;
}

/** The last origin `requestOrigin` built, and what it was built from. */
let lastOrigin = { candidate: '', origin: '' };

/** The handler for `/api/llm/v1/*`; the proxy is built at the first request. */
export function llmFastPath(options: LlmFastPathOptions = {}): NodeHandler {
  let proxy = options.proxy ?? null;
  const clientAddress =
    options.clientAddress ?? ((request) => request.socket.remoteAddress ?? 'unknown');
  return (request, response) => {
    // Without settings of its own, the site's one proxy: the one a health check asks `ready()`.
    proxy ??= options.env ? configuredProxy(options.env()) : siteProxy((name) => process.env[name]);
    const handler = proxy;
    const origin = requestOrigin(request);
    if (isForbiddenCrossSite(request, origin)) {
      const refusal = new Response(`Cross-site ${request.method} form submissions are forbidden`, {
        status: 403,
      });
      void writeFetchResponse(refusal, response);
      return;
    }
    const proxyRequest = toProxyRequest(request, response, origin);
    const info = { clientAddress: clientAddress(request) };
    const reply = (handler as Partial<Pick<LlmProxy, 'reply'>>).reply;
    (reply === undefined ? handler(proxyRequest, info) : reply(proxyRequest, info))
      .then((answer) => writeReply(answer, response))
      .catch(() => {
        if (!response.headersSent) response.writeHead(500);
        response.end();
      });
  };
}
