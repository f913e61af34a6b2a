import { describe, expect, it } from 'vitest';
import {
  headerRules,
  headersFile,
  nginxSnippet,
  ruleMatches,
} from '../../../../src/server/headers/host-headers.ts';
import { isWorkerScript, siteHeaders } from '../../../../src/server/headers/site-headers.ts';

const headers = siteHeaders(["'sha256-AAAA'"]);
const FILES = [
  '/index.html',
  '/404.html',
  '/favicon.svg',
  '/lessons/generators/index.html',
  '/pagefind/pagefind.js',
  '/_astro/kernel.worker-0-w6RIeB.js',
  '/_astro/pool.worker-DAxPkdvd.js',
  '/_astro/page.B2x.js',
  '/_astro/site.Cd1.css',
];
/** Request paths: every file, and the pretty URLs of pages. */
const PATHS = [...FILES, '/', '/lessons/generators/', '/lessons/generators'];

/** The headers a host that reads `_headers` sends for `path`; throws on a header set twice. */
function served(rules: ReturnType<typeof headerRules>, path: string): Record<string, string> {
  const sent: Record<string, string> = {};
  for (const rule of rules.filter((candidate) => ruleMatches(candidate.path, path))) {
    for (const [name, value] of Object.entries(rule.headers)) {
      if (name in sent) throw new Error(`${path}: ${name} set by two rules`);
      sent[name] = value;
    }
  }
  return sent;
}

describe('headers for static hosts', () => {
  it('give every path the headers server.mjs sends, each header once', () => {
    const rules = headerRules(headers, FILES);
    for (const path of PATHS) {
      expect(served(rules, path), path).toEqual(
        isWorkerScript(path) ? headers.worker : headers.page,
      );
    }
  });

  it('write a _headers file of path lines and indented headers', () => {
    const text = headersFile(headerRules(headers, FILES));
    expect(text).toContain('/*\n  Cross-Origin-Opener-Policy: same-origin\n');
    expect(text).toContain(
      `/_astro/kernel.worker-0-w6RIeB.js\n  Content-Security-Policy: ${headers.worker['Content-Security-Policy']}\n`,
    );
    expect(text).toContain(
      `/lessons/*\n  Content-Security-Policy: ${headers.page['Content-Security-Policy']}\n`,
    );
  });

  it('write an nginx snippet with the same headers and the worker policy by path', () => {
    const snippet = nginxSnippet(headers);
    for (const [name, value] of Object.entries(headers.page)) {
      if (name !== 'Content-Security-Policy')
        expect(snippet).toContain(`add_header ${name} "${value}" always;`);
    }
    expect(snippet).toContain(`default "${headers.page['Content-Security-Policy']}";`);
    expect(snippet).toContain(`"${headers.worker['Content-Security-Policy']}";`);
    const pattern = /"~(\^[^"]+)"/u.exec(snippet)?.[1] ?? '';
    const regex = new RegExp(pattern.replaceAll('\\\\', '\\'), 'u');
    for (const path of PATHS) expect(regex.test(path), path).toBe(isWorkerScript(path));
  });
});
