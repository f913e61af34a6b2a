/** What the build gives the service worker: where the site lives and the headers it sends. */

/** The build-time configuration, baked into the bundle by `src/integrations/static-site/`. */
export interface ServiceWorkerConfig {
  /** The site's base path with a slash at each end: `/` or `/<repo>/`. */
  base: string;
  /** The site's response headers (src/server/headers/site-headers.ts), by kind of response. */
  headers: {
    /** Pages, static files and the API. */
    page: Readonly<Record<string, string>>;
    /** Worker scripts: their own policy allows evaluating the reader's code. */
    worker: Readonly<Record<string, string>>;
  };
}

/**
 * Whether a path of the site is a worker script: Vite names worker entries
 * `<name>.worker-<hash>.js` under `<base>_astro/`. The same test as `isWorkerScript` of
 * src/server/headers/site-headers.ts, under the base path (a test holds the two together).
 */
export function isWorkerScriptPath(pathname: string, base: string): boolean {
  if (!pathname.startsWith(base)) return false;
  return /^_astro\/[\w.-]*\.worker-[\w-]+\.js$/u.test(pathname.slice(base.length));
}

/** The path of the LLM proxy under `base`, with a trailing slash: `<base>api/llm/v1/`. */
export function proxyPrefix(base: string): string {
  return `${base}api/llm/v1/`;
}
