/** The site's base path, set at build time with `SITE_BASE` (a project page lives at `/<repo>/`). */

/**
 * `SITE_BASE` as Astro's `base`, with a slash at each end: unset or empty is `/`, `repo` and
 * `/repo` are `/repo/`.
 */
export function parseSiteBase(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === '/') return '/';
  const path = `/${trimmed.replace(/^\/+/u, '').replace(/\/+$/u, '')}/`;
  if (!/^(?:\/[A-Za-z0-9._~-]+)+\/$/u.test(path) || path.includes('/../') || path.includes('/./')) {
    throw new TypeError(
      `Expected \`SITE_BASE\` to be a path like /repo/ (letters, digits, ".", "_", "~", "-" between slashes), got ${JSON.stringify(value)}`,
    );
  }
  return path;
}
