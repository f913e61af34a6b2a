/**
 * The site's headers for hosts that serve `dist/client` as static files, written at build
 * from the same table `server.mjs` uses (site-headers.ts), so a page on a CDN is cross-origin
 * isolated and carries the same policy:
 * - `_headers`, read by Netlify and Cloudflare Pages;
 * - an nginx snippet (`dist/headers/nginx.conf`) to include in an `http {}` block.
 *
 * Those hosts apply every rule whose path matches and send a header set by two rules twice
 * (joined by a comma), and two Content-Security-Policy values are two policies, both
 * enforced: a worker given the pages' policy as well as its own could not evaluate cells.
 * So no path matches two rules that set the same header: the shared headers go on `/*`,
 * and the policy on rules that never overlap (one per top-level folder or file, and one per
 * file of `/_astro/`, where the workers are).
 */
import { isWorkerScript, type SiteHeaders } from './site-headers.ts';

/** One rule: a path pattern (exact, or ending in `/*`) and the headers it adds. */
export interface HeaderRule {
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

const POLICY = 'Content-Security-Policy';

function without(headers: Readonly<Record<string, string>>, name: string): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => key !== name));
}

/**
 * The rules for a site whose files are `files` (paths from the client folder's root, with
 * `/`, e.g. `/_astro/kernel.worker-x.js`, `/lessons/generators/index.html`).
 */
export function headerRules(headers: SiteHeaders, files: readonly string[]): HeaderRule[] {
  const pagePolicy = { [POLICY]: headers.page[POLICY] ?? '' };
  const workerPolicy = { [POLICY]: headers.worker[POLICY] ?? '' };
  const rules: HeaderRule[] = [{ path: '/*', headers: without(headers.page, POLICY) }];
  const tops = new Set<string>();
  for (const file of [...files].sort()) {
    const [, top = '', ...rest] = file.split('/');
    if (top === '_astro') {
      rules.push({ path: file, headers: isWorkerScript(file) ? workerPolicy : pagePolicy });
    } else if (rest.length > 0) tops.add(`/${top}/*`);
    else tops.add(file);
  }
  // The root page itself, `/`, which no file path names.
  tops.add('/');
  for (const path of [...tops].sort()) rules.push({ path, headers: pagePolicy });
  return rules;
}

/** The rules as a `_headers` file (Netlify, Cloudflare Pages). */
export function headersFile(rules: readonly HeaderRule[]): string {
  const blocks = rules.map(
    ({ path, headers }) =>
      `${path}\n${Object.entries(headers)
        .map(([name, value]) => `  ${name}: ${value}\n`)
        .join('')}`,
  );
  return `# Written by \`npm run build\` from src/server/headers/site-headers.ts; do not edit.\n${blocks.join('')}`;
}

/** Whether a rule's path pattern matches a request path, as Netlify and Cloudflare read it. */
export function ruleMatches(pattern: string, path: string): boolean {
  if (pattern.endsWith('/*')) return path.startsWith(pattern.slice(0, -1));
  return pattern === path;
}

function nginxString(value: string): string {
  return `"${value.replace(/["\\]/gu, '\\$&')}"`;
}

/**
 * An nginx snippet for an `http {}` block: the shared headers on every response, and the
 * policy chosen by path (worker scripts get their own). nginx drops `add_header` inherited
 * from an outer block where a block sets one itself, so locations should not.
 */
export function nginxSnippet(headers: SiteHeaders): string {
  const shared = without(headers.page, POLICY);
  const lines = [
    '# Written by `npm run build` from src/server/headers/site-headers.ts; do not edit.',
    '# Include inside `http { }`, above the server blocks that serve dist/client.',
    'map $uri $yieldbook_csp {',
    `  default ${nginxString(headers.page[POLICY] ?? '')};`,
    `  "~^/_astro/[\\w.-]*\\.worker-[\\w-]+\\.js$" ${nginxString(headers.worker[POLICY] ?? '')};`,
    '}',
    ...Object.entries(shared).map(
      ([name, value]) => `add_header ${name} ${nginxString(value)} always;`,
    ),
    `add_header ${POLICY} $yieldbook_csp always;`,
  ];
  return `${lines.join('\n')}\n`;
}
