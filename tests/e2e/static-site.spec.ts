/**
 * The site on a static host with no server (GitHub Pages, an S3 bucket): built at the root
 * and under a sub-path, each served by a plain file server that sends no isolation headers,
 * no CSP and has no API. The site's service worker makes the pages cross-origin isolated
 * (one reload on the first visit) and answers the LLM proxy's paths with the offline
 * models, so Run all passes on every lesson, Interrupt and shared memory work, and the page
 * says the model is the built-in offline one.
 */
import { expect, type Page, test } from '@playwright/test';
import { expectRunAllPasses, lessonsWithCells, runAllBudgetMs } from './support/lessons.ts';
import {
  cell,
  cells,
  interruptRun,
  outputText,
  runCell,
  typeCode,
  waitForNotebook,
} from './support/notebook.ts';
import { type StaticBuild, staticBuild } from './support/static-build.ts';
import { type StaticServer, startStaticServer } from './support/static-server.ts';

/** Two builds, each on a port of its own (next to `E2E_PORT`'s). */
const SITES = [
  { name: 'root', base: '/', port: Number(process.env.E2E_STATIC_PORT ?? 4531) },
  { name: 'sub-path', base: '/yieldbook/', port: Number(process.env.E2E_STATIC_PORT ?? 4531) + 1 },
] as const;

/** Opens `url` and waits until the page is cross-origin isolated (after the service worker's one reload). */
async function openIsolated(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect
    .poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 30_000 })
    .toBe(true);
  await page.waitForLoadState('load');
  await waitForNotebook(page);
}

for (const site of SITES) {
  test.describe(`static host, base ${site.base}`, () => {
    let build: StaticBuild;
    let server: StaticServer;

    test.beforeAll(async () => {
      // A build takes a minute or two on a busy machine; it is skipped when up to date.
      test.setTimeout(900_000);
      build = await staticBuild(site.name, site.base);
      server = await startStaticServer(build.client, { base: site.base, port: site.port });
    });

    test.afterAll(async () => {
      await server?.close();
    });

    test('pages get isolation from the service worker; Interrupt and shared memory work; the model is the offline one', async ({
      page,
    }) => {
      const lesson = `${server.origin}${site.base}lessons/generators/`;
      const first = await page.goto(lesson);
      expect(first?.headers()['cross-origin-embedder-policy']).toBeUndefined();
      await openIsolated(page, lesson);
      expect(await page.evaluate(async () => (await navigator.serviceWorker.ready).scope)).toBe(
        `${server.origin}${site.base}`,
      );
      await expect(page.locator('[data-notebook-notice]')).toBeHidden();

      const model = page.locator('[data-access-model]');
      await expect(model).toBeVisible();
      await expect(model).toContainText('built-in offline one');

      const [keep, loop] = (await cells(page).evaluateAll((all) =>
        all.slice(0, 2).map((element) => element.getAttribute('data-cell-id') ?? ''),
      )) as [string, string];
      await typeCode(
        page,
        keep,
        [
          'const shared = new Int32Array(new SharedArrayBuffer(8));',
          'Atomics.add(shared, 0, 41);',
          'Atomics.add(shared, 0, 1);',
          'console.log(crossOriginIsolated, Atomics.load(shared, 0));',
        ].join('\n'),
      );
      expect(await runCell(page, keep)).toBe('done');
      expect(await outputText(cell(page, keep))).toBe('true 42');

      expect(await interruptRun(page, loop, 'let i = 0;\nwhile (true) {\n  i++;\n}')).toBe(
        'interrupted',
      );
      // The kernel kept its variables: the interrupt came through shared memory, no restart.
      await typeCode(page, keep, 'console.log(Atomics.load(shared, 0), i > 0);');
      expect(await runCell(page, keep)).toBe('done');
      expect(await outputText(cell(page, keep))).toBe('42 true');
    });

    test('every link, script and style of the pages stays under the base path', async ({
      page,
    }) => {
      for (const path of ['', 'lessons/generators/']) {
        await page.goto(`${server.origin}${site.base}${path}`);
        // The first visit's service worker reloads the page once to make it isolated. Wait
        // for that reload to finish, or it aborts the next navigation.
        await expect
          .poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), {
            timeout: 30_000,
          })
          .toBe(true);
        await page.waitForLoadState('load');
        // Read until a read completes (a reload may still be in flight); both loads serve the
        // same HTML.
        let urls: string[] | null = null;
        await expect
          .poll(async () => {
            urls = await page
              .evaluate(() =>
                [...document.querySelectorAll<HTMLElement>('a[href], script[src], link[href]')].map(
                  (element) => element.getAttribute('href') ?? element.getAttribute('src') ?? '',
                ),
              )
              .catch(() => null);
            return urls !== null;
          })
          .toBe(true);
        const local = (urls ?? ([] as string[])).filter((url) => url.startsWith('/'));
        expect(local.length).toBeGreaterThan(0);
        expect(local.filter((url) => !url.startsWith(site.base))).toEqual([]);
      }
    });

    test('the offline models answer the proxy paths, streamed or not', async ({ page }) => {
      await openIsolated(page, `${server.origin}${site.base}lessons/generators/`);
      const answers = await page.evaluate(async (proxy) => {
        const models = await (await fetch(`${proxy}/models`)).json();
        const access = await (await fetch(`${proxy}/access`)).json();
        const ask = (stream: boolean) =>
          fetch(`${proxy}/chat/completions`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({
              model: 'yieldbook-offline-fast',
              stream,
              messages: [{ role: 'user', content: 'What is the capital of Italy?' }],
            }),
          });
        const whole = await (await ask(false)).json();
        const streamed = await (await ask(true)).text();
        const missing = await fetch(`${proxy}/chat/completions`, {
          method: 'POST',
          body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
        });
        return {
          models: models.data.map((entry: { id: string }) => entry.id),
          access,
          whole: whole.choices[0].message.content,
          streamed: streamed.endsWith('data: [DONE]\n\n'),
          missing: [missing.status, (await missing.json()).error.code],
        };
      }, `${site.base}api/llm/v1`);
      expect(answers).toEqual({
        models: ['yieldbook-offline', 'yieldbook-offline-fast'],
        access: { access: 'open', student: null, expires: null, reason: null, offline: true },
        whole: 'The capital of Italy is Rome.',
        streamed: true,
        missing: [404, 'model_not_found'],
      });
    });

    // Every English lesson, and the Japanese parallelism lesson, whose raw worker finds its
    // file under the base path from a page one folder deeper (lessons.spec runs every page).
    const underBase = lessonsWithCells().filter(
      (lesson) => lesson.edition === 'root' || lesson.path === '/ja/lessons/parallelism/',
    );
    for (const lesson of underBase) {
      test(`${lesson.file}: Run all matches every expected output`, async ({ page }) => {
        const budget = runAllBudgetMs(lesson);
        test.setTimeout(budget + 60_000);
        await expectRunAllPasses(page, lesson, budget, () =>
          openIsolated(page, `${server.origin}${site.base}${lesson.path.slice(1)}`),
        );
      });
    }
  });
}
