/**
 * The headers `server.mjs` sends (src/server/headers/site-headers.ts) on every kind of
 * response: a page, a bundle, the kernel worker's script, a 404 and the LLM proxy.
 * That the policy lets every lesson run is lessons.spec.ts's part; here, what Run all does
 * not load: the editor and the search.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { scriptHashesOf } from '../../src/server/headers/inline-script-hashes.ts';
import { watchCspViolations } from './support/csp.ts';
import { E2E_ORIGIN } from './support/env.ts';
import { INTERACTION_LESSON, ROOT } from './support/lessons.ts';
import { cells, runCell, typeCode, waitForNotebook } from './support/notebook.ts';
import { EVERYWHERE } from './support/site-headers.ts';

/** The policy's directives by name, e.g. `script-src` → `['self', …]`. */
function directives(policy: string | undefined): Map<string, string[]> {
  const parsed = new Map<string, string[]>();
  for (const directive of (policy ?? '').split(';')) {
    const [name, ...sources] = directive.trim().split(/\s+/u);
    if (name !== undefined && name !== '') parsed.set(name, sources);
  }
  return parsed;
}

/** A built bundle of `/_astro/` whose name matches `pattern`. */
function bundle(pattern: RegExp): string {
  const name = readdirSync(join(ROOT, 'dist', 'client', '_astro')).find((file) =>
    pattern.test(file),
  );
  if (name === undefined) throw new Error(`Expected a built bundle matching ${pattern}, got none`);
  return `/_astro/${name}`;
}

const pageUrls = {
  page: INTERACTION_LESSON,
  bundle: bundle(/^(?!.*\.worker-).*\.js$/u),
  '404': '/no-such-lesson/',
  api: '/api/llm/v1/models',
};

for (const [kind, url] of Object.entries(pageUrls)) {
  test(`${kind} (${url}): isolation and security headers, the page policy`, async ({ request }) => {
    const response = await request.get(url);
    expect(response.status()).toBe(kind === '404' ? 404 : 200);
    const headers = response.headers();
    expect(headers).toMatchObject(EVERYWHERE);
    const policy = directives(headers['content-security-policy']);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    expect(policy.get('base-uri')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    const scripts = policy.get('script-src') ?? [];
    expect(scripts).toContain("'self'");
    expect(scripts).not.toContain("'unsafe-eval'");
    expect(scripts).not.toContain("'unsafe-inline'");
    if (kind === 'page') {
      const inline = scriptHashesOf(await response.text());
      expect(inline.length, 'the lesson has inline scripts').toBeGreaterThan(0);
      for (const hash of inline) expect(scripts).toContain(hash);
    }
  });
}

test('the kernel worker script: the worker policy, which lets cells be evaluated', async ({
  request,
}) => {
  const response = await request.get(bundle(/^kernel\.worker-.*\.js$/u));
  expect(response.status()).toBe(200);
  const headers = response.headers();
  expect(headers).toMatchObject(EVERYWHERE);
  const policy = directives(headers['content-security-policy']);
  expect(policy.get('script-src')).toEqual(["'self'", "'unsafe-eval'", "'wasm-unsafe-eval'"]);
  expect(policy.get('connect-src')).toEqual(["'self'"]);
  expect(policy.get('object-src')).toEqual(["'none'"]);
});

test('another site cannot frame a lesson', async ({ page }) => {
  const blocked: string[] = [];
  page.on('console', (message) => {
    if (/frame-ancestors/u.test(message.text())) blocked.push(message.text());
  });
  // A page of another origin (about:blank's document is opaque) framing the lesson.
  await page.setContent(`<iframe src="${E2E_ORIGIN}${INTERACTION_LESSON}"></iframe>`);
  await expect.poll(() => blocked.length).toBeGreaterThan(0);
});

test('the editor and the search work under the page policy', async ({ page }) => {
  const csp = await watchCspViolations(page);
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  const id = await cells(page).first().getAttribute('data-cell-id');
  expect(id).not.toBeNull();
  // CodeMirror adds its theme as a style element when the editor first mounts.
  await typeCode(page, id ?? '', 'console.log(6 * 7);');
  expect(await runCell(page, id ?? '')).toBe('done');

  // Pagefind compiles WebAssembly and fetches its index.
  await page.locator('button[data-open-modal]').first().click();
  await page.locator('#starlight__search input').fill('generator');
  await expect(page.locator('#starlight__search .pagefind-ui__result').first()).toBeVisible();

  expect(await csp.found()).toEqual([]);
});
