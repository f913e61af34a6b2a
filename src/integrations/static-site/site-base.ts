/** The site's base path, set at build time with `SITE_BASE` (a project page lives at `/<repo>/`). */

/**
 * `SITE_BASE` as Astro's `base`, with a slash at each end: unset or empty is `/`, `repo` and
 * `/repo` are `/repo/`.
 */
export function parseSiteBase(value: string | undefined): string {
  const trimmed = (value ?? '').trim();
  if (trimmed === '' || trimmed === '/') return '/';
  // Slashes trimmed by index: an end-anchored /\/+$/ is quadratic on a long run of slashes.
  let start = 0;
  let end = trimmed.length;
  while (start < end && trimmed[start] === '/') start += 1;
  while (end > start && trimmed[end - 1] === '/') end -= 1;
  const path = `/${trimmed.slice(start, end)}/`;
  if (!/^(?:\/[A-Za-z0-9._~-]+)+\/$/u.test(path) || path.includes('/../') || path.includes('/./')) {
    throw new TypeError(
      `Expected \`SITE_BASE\` to be a path like /repo/ (letters, digits, ".", "_", "~", "-" between slashes), got ${JSON.stringify(value)}`,
    );
  }
  return path;
}
