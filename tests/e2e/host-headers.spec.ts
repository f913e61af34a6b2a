/**
 * The header files the build writes for static hosts (dist/client/_headers,
 * dist/headers/nginx.conf) carry what server.mjs sends, path by path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { ruleMatches } from '../../src/server/headers/host-headers.ts';
import { ROOT } from './support/lessons.ts';

const CLIENT = join(ROOT, 'dist', 'client');

/** `_headers` read as Netlify and Cloudflare Pages read it. */
function parseHeadersFile(text: string): { path: string; headers: Record<string, string> }[] {
  const rules: { path: string; headers: Record<string, string> }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (!line.startsWith(' ')) rules.push({ path: line.trim(), headers: {} });
    else {
      const colon = line.indexOf(':');
      const rule = rules.at(-1);
      if (rule)
        rule.headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
    }
  }
  return rules;
}

test('_headers gives every kind of path the headers server.mjs sends', async ({ request }) => {
  const rules = parseHeadersFile(readFileSync(join(CLIENT, '_headers'), 'utf8'));
  const assets = readdirSync(join(CLIENT, '_astro'));
  const worker = assets.find((name) => name.startsWith('kernel.worker-'));
  const script = assets.find((name) => name.endsWith('.js') && !name.includes('worker'));
  const paths = [
    '/',
    '/lessons/generators/',
    '/favicon.svg',
    `/_astro/${worker}`,
    `/_astro/${script}`,
  ];
  for (const path of paths) {
    const fromHost: Record<string, string> = {};
    for (const rule of rules.filter((candidate) => ruleMatches(candidate.path, path))) {
      for (const [name, value] of Object.entries(rule.headers)) {
        expect(fromHost[name], `${path}: ${name} set twice`).toBeUndefined();
        fromHost[name] = value;
      }
    }
    const response = await request.get(path);
    expect(response.status(), path).toBe(200);
    const fromServer = response.headers();
    for (const [name, value] of Object.entries(fromHost))
      expect(fromServer[name], `${path}: ${name}`).toBe(value);
    expect(Object.keys(fromHost).sort(), path).toEqual([
      'content-security-policy',
      'cross-origin-embedder-policy',
      'cross-origin-opener-policy',
      'cross-origin-resource-policy',
      'referrer-policy',
      'x-content-type-options',
      'x-frame-options',
    ]);
  }
  const nginx = readFileSync(join(ROOT, 'dist', 'headers', 'nginx.conf'), 'utf8');
  const page = await request.get('/');
  expect(nginx).toContain(`default "${page.headers()['content-security-policy']}";`);
});
