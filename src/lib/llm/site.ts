/**
 * Where the site is, for cells: the kernel stores the origin it was given at
 * `init` under a well-known symbol, and `yieldbook/llm` reads it. Kept apart
 * from the library so the kernel can set it without loading the OpenAI SDK.
 */

/** The well-known symbol the site information lives under (shared across bundles). */
export const SITE_INFO: unique symbol = Symbol.for('yieldbook.site') as never;

/** What the kernel installs at `globalThis[SITE_INFO]`. */
export interface SiteInfo {
  /** Absolute origin of the site, e.g. `https://example.org`. */
  origin: string;
}

/** Installs `info` on `scope`; returns the function that removes it. */
export function installSiteInfo(scope: object, info: SiteInfo): () => void {
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

/**
 * The site's origin: the one the kernel was given, else the page's or
 * worker's own `location.origin`. Throws when neither is known (plain Node).
 */
export function siteOrigin(scope: object = globalThis): string {
  const info = (scope as { [SITE_INFO]?: SiteInfo })[SITE_INFO];
  if (info?.origin) return info.origin;
  const location = (scope as { location?: { origin?: string } }).location;
  if (location?.origin && location.origin !== 'null') return location.origin;
  throw new Error(
    'Expected to run in a Yieldbook kernel or a page of the site: the site origin is unknown, so the LLM proxy cannot be found',
  );
}
