// Serves the built site (`astro build` → dist/) with cross-origin isolation and its
// security headers (src/server/headers/site-headers.ts).
//
// @astrojs/node has no option for response headers, and prerendered pages and
// `/_astro/*` files never reach Astro middleware, so the headers are set here, on every
// response: pages, static files, worker scripts, 404s and API routes alike.
//
// Usage: `node server.mjs` (PORT, default 4321; HOST, default 127.0.0.1; TLS, TRUST_PROXY
// and SHUTDOWN_GRACE_MS in src/server/http/settings.ts). Node 24 strips the types of the
// .ts modules imported below.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { checkAccessAtStart } from './src/server/access/startup.ts';
import { inlineScriptHashes } from './src/server/headers/inline-script-hashes.ts';
import { isWorkerScript, siteHeaders } from './src/server/headers/site-headers.ts';
import { resolvedClientAddress } from './src/server/http/client-address.ts';
import { isLlmPath, llmFastPath } from './src/server/http/llm-fast-path.ts';
import { registerReadiness } from './src/server/http/readiness.ts';
import { readServerSettings } from './src/server/http/settings.ts';
import { shutDownOnSignals } from './src/server/http/shutdown.ts';
import { siteFront } from './src/server/http/site-front.ts';
import { createSiteServer, loadTlsCredentials } from './src/server/http/site-server.ts';
import { precompressedAssets } from './src/server/http/static-assets.ts';
import { nodeResponseStore } from './src/server/llm/node-response-pacing.ts';
import { siteProxy } from './src/server/llm/site-proxy.ts';

/**
 * Starts the server. Unless `signals` is false, the first SIGTERM or SIGINT drains it
 * (src/server/http/shutdown.ts) and exits.
 * `llmFastPath` (default true): `/api/llm/v1/*` goes straight to the proxy, before Astro
 * (src/server/http/llm-fast-path.ts); false leaves it to the Astro route, for comparison.
 * `compression` (default true): send the build's brotli and gzip copies; false sends every
 * file as it is (what the site did before, for comparison).
 * @param {{ port?: number, host?: string, signals?: boolean, llmFastPath?: boolean, compression?: boolean }} [options]
 * @returns {Promise<import('./src/server/http/site-server.ts').SiteServer>}
 */
export async function start(options = {}) {
  const port = options.port ?? parsePort(process.env.PORT ?? '4321');
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  // Students' access needs its secret: refuse to start without it rather than fail later.
  checkAccessAtStart(process.env);
  const settings = readServerSettings(process.env);
  const credentials = await loadTlsCredentials(settings.tls);
  // The site's one proxy, built now: with REDIS_URL its budget store connects at start, and
  // health says unready while Redis does not answer.
  const proxy = siteProxy((name) => process.env[name]);
  registerReadiness('llm-budget-store', () => proxy.ready());

  // The standalone entry starts its own server on import unless told not to.
  process.env.ASTRO_NODE_AUTOSTART = 'disabled';
  const entry = new URL('./dist/server/entry.mjs', import.meta.url);
  /** @type {{ handler: http.RequestListener }} */
  const { handler } = await import(entry.href).catch((error) => {
    throw new Error(`Expected a built site at ${entry.pathname}; run \`npm run build\` first`, {
      cause: error,
    });
  });

  // The pages' policy allows exactly the inline scripts of this build.
  const client = fileURLToPath(new URL('./dist/client/', import.meta.url));
  const headers = siteHeaders(await inlineScriptHashes(client));
  // Brotli and gzip copies written at build (src/server/http/static-assets.ts).
  const assets = options.compression === false ? null : await precompressedAssets(client);

  // Astro's writer ignores backpressure, so streamed LLM answers pace themselves by the
  // Node response found here (src/server/llm/node-response-pacing.ts).
  const responses = nodeResponseStore();
  // Health, draining, requests in flight and the client address (src/server/http/site-front.ts).
  const front = siteFront(settings);
  const llm =
    options.llmFastPath === false
      ? null
      : llmFastPath({
          clientAddress: (request) =>
            resolvedClientAddress() ?? request.socket.remoteAddress ?? 'unknown',
        });
  /** @type {http.RequestListener} */
  const listener = (request, response) => {
    const pathname = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const chosen = isWorkerScript(pathname) ? headers.worker : headers.page;
    for (const [name, value] of Object.entries(chosen)) response.setHeader(name, value);
    front.handle(request, response, () => {
      if (llm !== null && isLlmPath(pathname)) return llm(request, response);
      if (assets?.serve(request, response)) return;
      responses.run(response, () => handler(request, response));
    });
  };
  const server = createSiteServer(credentials, listener);
  front.attach(server);
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  const shownPort = typeof address === 'object' && address !== null ? address.port : port;
  const scheme = credentials === null ? 'http' : 'https';
  console.log(
    `Yieldbook is serving ${scheme}://${host.includes(':') ? `[${host}]` : host}:${shownPort}/`,
  );
  if (options.signals !== false) {
    // The proxy's close sends the budget store's queued finishes (the last tokens counted).
    shutDownOnSignals(server, front, settings.shutdownGraceMs, undefined, () => proxy.close());
  }
  return server;
}

/** @param {string} value */
function parsePort(value) {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `Expected \`PORT\` to be an integer from 0 to 65535, got ${JSON.stringify(value)}`,
    );
  }
  return port;
}

if (import.meta.url === new URL(process.argv[1] ?? '', 'file:').href) {
  await start();
}
