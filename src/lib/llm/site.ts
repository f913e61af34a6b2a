/**
 * Where the site is, for cells: the kernel stores what it was given at `init` (origin,
 * base path, the reader's access token) under a well-known symbol, and `yieldbook/llm`
 * reads it. Kept apart from the library so the kernel can set it without loading the
 * OpenAI SDK.
 */

/** The well-known symbol the site information lives under (shared across bundles). */
export const SITE_INFO: unique symbol = Symbol.for('yieldbook.site') as never;

/** What the kernel installs at `globalThis[SITE_INFO]`. */
export interface SiteInfo {
  /** Absolute origin of the site, e.g. `https://example.org`. */
  origin: string;
  /**
   * The path the site lives under, with a slash at each end: `/`, or `/<repo>/` for a
   * project page. @default '/'
   */
  base?: string;
  /** The reader's classroom access token, or null when signed out. @default null */
  token?: string | null;
}

/** Installs `info` on `scope` (replacing what was there); returns the function that removes it. */
export function installSiteInfo(scope: object, info: SiteInfo): () => void {
  if (info.base !== undefined && !/^\/(?:.*\/)?$/u.test(info.base)) {
    throw new TypeError(
      `Expected \`base\` to start and end with "/", got ${JSON.stringify(info.base)}`,
    );
  }
  Object.defineProperty(scope, SITE_INFO, {
    value: Object.freeze({ ...info }),
    configurable: true,
    enumerable: false,
    writable: false,
  });
  return () => {
    Reflect.deleteProperty(scope, SITE_INFO);
  };
}

function installed(scope: object): SiteInfo | undefined {
  return (scope as { [SITE_INFO]?: SiteInfo })[SITE_INFO];
}

/**
 * The site's origin: the one the kernel was given, else the page's or
 * worker's own `location.origin`. Throws when neither is known (plain Node).
 */
export function siteOrigin(scope: object = globalThis): string {
  const info = installed(scope);
  if (info?.origin) return info.origin;
  const location = (scope as { location?: { origin?: string } }).location;
  if (location?.origin && location.origin !== 'null') return location.origin;
  throw new Error(
    'Expected to run in a Yieldbook kernel or a page of the site: the site origin is unknown, so the LLM proxy cannot be found',
  );
}

/** The site's base path (`/` unless the kernel was given another). */
export function siteBase(scope: object = globalThis): string {
  return installed(scope)?.base ?? '/';
}

/** The reader's access token, read at each call so signing in or out takes effect at once. */
export function accessToken(scope: object = globalThis): string | null {
  return installed(scope)?.token ?? null;
}

/**
 * The URL of a file the site serves from its `public/` folder, wherever the site lives:
 * `siteFile('workers/double.js')` is `<origin><base>workers/double.js`.
 */
export function siteFile(path: string, scope: object = globalThis): URL {
  if (path.startsWith('/') || /^[a-z][a-z\d+.-]*:/iu.test(path)) {
    throw new TypeError(
      `Expected \`path\` to be relative to the site, like "workers/double.js", got ${JSON.stringify(path)}`,
    );
  }
  return new URL(`${siteBase(scope).slice(1)}${path}`, `${siteOrigin(scope)}/`);
}
