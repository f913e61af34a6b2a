// Serves the built site (`astro build` → dist/) with cross-origin isolation and its
// security headers (src/server/headers/site-headers.ts).
//
// @astrojs/node has no option for response headers, and prerendered pages and
// `/_astro/*` files never reach Astro middleware, so the headers are set here, on every
// response: pages, static files, worker scripts, 404s and API routes alike.
//
// Usage: `node server.mjs` (PORT, default 4321; HOST, default 127.0.0.1). Node 24 strips
// the types of the .ts modules imported below.
import http from 'node:http';
import { fileURLToPath } from 'node:url';
import { checkAccessAtStart } from './src/server/access/startup.ts';
import { inlineScriptHashes } from './src/server/headers/inline-script-hashes.ts';
import { isWorkerScript, siteHeaders } from './src/server/headers/site-headers.ts';
import { isLlmPath, llmFastPath } from './src/server/http/llm-fast-path.ts';
import { precompressedAssets } from './src/server/http/static-assets.ts';
import { nodeResponseStore } from './src/server/llm/node-response-pacing.ts';

/**
 * Starts the server.
 * `llmFastPath` (default true): `/api/llm/v1/*` goes straight to the proxy, before Astro
 * (src/server/http/llm-fast-path.ts); false leaves it to the Astro route, for comparison.
 * `compression` (default true): send the build's brotli and gzip copies; false sends every
 * file as it is (what the site did before, for comparison).
 * @param {{ port?: number, host?: string, llmFastPath?: boolean, compression?: boolean }} [options]
 * @returns {Promise<http.Server>}
 */
export async function start(options = {}) {
  const port = options.port ?? parsePort(process.env.PORT ?? '4321');
  const host = options.host ?? process.env.HOST ?? '127.0.0.1';
  // Students' access needs its secret: refuse to start without it rather than fail later.
  checkAccessAtStart(process.env);

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
  const llm = options.llmFastPath === false ? null : llmFastPath();
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?', 1)[0] ?? '/';
    const chosen = isWorkerScript(pathname) ? headers.worker : headers.page;
    for (const [name, value] of Object.entries(chosen)) response.setHeader(name, value);
    if (llm !== null && isLlmPath(pathname)) return llm(request, response);
    if (assets?.serve(request, response)) return;
    responses.run(response, () => handler(request, response));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const address = server.address();
  const shownPort = typeof address === 'object' && address !== null ? address.port : port;
  console.log(
    `Yieldbook is serving http://${host.includes(':') ? `[${host}]` : host}:${shownPort}/`,
  );
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
  const server = await start();
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      server.close();
      server.closeAllConnections();
    });
  }
}
