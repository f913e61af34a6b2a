/**
 * The response headers of the site, in one place: `server.mjs` sets them on every
 * response of the built site, and `astro.config.mjs` gives the dev server its variant.
 *
 * Two policies, because the site runs two kinds of code:
 * - pages run only the site's own scripts: `script-src` holds `'self'` and the hashes of
 *   Starlight's inline scripts (theme, sidebar, search dialog), and no `'unsafe-eval'`:
 *   only `'wasm-unsafe-eval'`, which compiles WebAssembly (Pagefind's index reader) and
 *   allows no JavaScript `eval`;
 * - worker scripts (the kernel, pool workers, isolates) exist to evaluate the reader's code
 *   (indirect `eval`, `new Function`), so their own response carries `'unsafe-eval'`, and
 *   `'wasm-unsafe-eval'` for hash-wasm (`yieldbook/memory`, loaded in the kernel).
 *   A dedicated worker loaded from a URL runs under the policy of its own response, not of
 *   the page that starts it.
 */

/**
 * Headers that make the page cross-origin isolated (SharedArrayBuffer for interrupts and
 * the shared-memory lessons, Atomics.wait). Worker scripts need COEP too, or they fail to load.
 */
export const ISOLATION_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Headers that do not depend on the build: no sniffing, no framing, no referrer abroad. */
const FIXED_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  // Same-origin requests keep their referrer; links to other sites send none.
  'Referrer-Policy': 'same-origin',
  // `frame-ancestors 'none'` says the same to browsers that know CSP.
  'X-Frame-Options': 'DENY',
};

/** Directives both policies share. */
const COMMON_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  // Cells fetch only the site itself (the LLM proxy, the corpus, the tokenizer's data).
  "connect-src 'self'",
  // Rendered outputs are images from blobs (canvas, heat maps) and Starlight's data: icons.
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "worker-src 'self'",
  // Inline styles, because hashes cannot cover them: Expressive Code colours every token
  // with a `style` attribute (thousands per lesson), and CodeMirror mounts its theme as a
  // `<style>` element whose text depends on the extensions loaded (it takes only a nonce,
  // which static pages cannot carry). Styles run no script; outputs go through DOMPurify.
  "style-src 'self' 'unsafe-inline'",
];

/** Joins directives into one header value. */
function policy(directives: readonly string[]): string {
  return directives.join('; ');
}

/**
 * The Content-Security-Policy of pages. `scriptHashes` are the `'sha256-…'` sources of
 * every inline script the built pages hold (see `inlineScriptHashes`).
 */
export function pagePolicy(scriptHashes: readonly string[]): string {
  for (const hash of scriptHashes) {
    if (!/^'sha(256|384|512)-[A-Za-z0-9+/]+={0,2}'$/u.test(hash)) {
      throw new TypeError(
        `Expected \`scriptHashes\` to hold sources like 'sha256-…', got ${JSON.stringify(hash)}`,
      );
    }
  }
  // Pagefind (the search) compiles its WebAssembly index reader in the page.
  return policy([
    ...COMMON_DIRECTIVES,
    ["script-src 'self' 'wasm-unsafe-eval'", ...scriptHashes].join(' '),
  ]);
}

/** The Content-Security-Policy of worker scripts: they evaluate the reader's code. */
export const WORKER_POLICY = policy([
  ...COMMON_DIRECTIVES,
  "script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'",
]);

/**
 * Whether a path of the built site is a worker script: Vite names worker entries
 * `<name>.worker-<hash>.js` (kernel.worker.ts, pool.worker.ts, isolate.worker.ts).
 */
export function isWorkerScript(pathname: string): boolean {
  return /^\/_astro\/[\w.-]*\.worker-[\w-]+\.js$/u.test(pathname);
}

/** The headers of the built site, by kind of response. */
export interface SiteHeaders {
  /** Pages, static files, 404s and the API. */
  readonly page: Readonly<Record<string, string>>;
  /** Worker scripts (`isWorkerScript`). */
  readonly worker: Readonly<Record<string, string>>;
}

/** Every header of the built site, given the hashes of its inline scripts. */
export function siteHeaders(scriptHashes: readonly string[]): SiteHeaders {
  const shared = { ...ISOLATION_HEADERS, ...FIXED_HEADERS };
  return {
    page: { ...shared, 'Content-Security-Policy': pagePolicy(scriptHashes) },
    worker: { ...shared, 'Content-Security-Policy': WORKER_POLICY },
  };
}

/**
 * The dev server's headers. Vite's dev client injects inline scripts (hot module
 * replacement) and serves worker scripts under source paths, so dev pages allow inline
 * scripts and `eval`; everything else (isolation, framing, sniffing, connections
 * to the site only, its HMR socket included: `'self'` covers `ws:` to the same host) holds.
 */
export const DEV_HEADERS: Readonly<Record<string, string>> = {
  ...ISOLATION_HEADERS,
  ...FIXED_HEADERS,
  'Content-Security-Policy': policy([
    ...COMMON_DIRECTIVES,
    "script-src 'self' 'unsafe-inline' 'unsafe-eval' 'wasm-unsafe-eval'",
  ]),
};
