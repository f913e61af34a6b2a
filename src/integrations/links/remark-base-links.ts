import type { Link, Root } from 'mdast';
import { visit } from 'unist-util-visit';

/**
 * Root-relative links in lessons and pages (`[Parallelism](/lessons/parallelism/)`,
 * `/ja/lessons/caching/`) follow the site's base path, so they still work when the site is
 * served as a project page under `/<repo>/` (docs/deploy-static.md). Links that are already
 * under the base, protocol-relative links (`//host/…`), absolute URLs and fragments are left
 * as they are.
 *
 * @param options.base the site's base path, `/` or `/<repo>/` (astro.config.mjs `base`).
 * @example
 * // base '/yieldbook/': [x](/lessons/caching/#keys) → [x](/yieldbook/lessons/caching/#keys)
 */
export function remarkBaseLinks(options: { base: string }) {
  const base = options.base.endsWith('/') ? options.base : `${options.base}/`;
  return (tree: Root): void => {
    if (base === '/') return;
    visit(tree, 'link', (node: Link) => {
      node.url = withBase(node.url, base);
    });
  };
}

/** `url` under `base` when it is a root-relative path not already under it. */
export function withBase(url: string, base: string): string {
  if (!url.startsWith('/') || url.startsWith('//')) return url;
  if (url.startsWith(base) || `${url}/` === base) return url;
  return `${base}${url.slice(1)}`;
}
