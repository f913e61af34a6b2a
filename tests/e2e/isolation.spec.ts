/**
 * Cross-origin isolation: the real server sends COOP/COEP on pages, bundles and
 * the kernel worker; served without them, the page still runs cells and says
 * what is unavailable.
 */
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { compareOutput } from '../../src/cells/compare.ts';
import { INTERACTION_LESSON, lessonsWithCells, ROOT } from './support/lessons.ts';
import { cell, outputText, runCell, waitForNotebook } from './support/notebook.ts';
import { startStaticServer } from './support/static-server.ts';

const ISOLATION_HEADERS = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/** The first cell of the interaction lesson that prints a fixed expected output. */
function plainCell() {
  const lesson = lessonsWithCells().find((candidate) => candidate.path === INTERACTION_LESSON);
  const spec = lesson?.cells.find(
    (candidate) =>
      candidate.kind === 'code' && !candidate.expectsError && candidate.expected !== null,
  );
  if (spec === undefined) {
    throw new Error(
      `Expected ${INTERACTION_LESSON} to have a code cell with an output block, got none`,
    );
  }
  return spec;
}

// The site's service worker would make a header-less static host isolated (static-site.spec.ts);
// blocked here, as in a browser without service workers, the page must still work.
test.use({ serviceWorkers: 'block' });

test('the lesson page is cross-origin isolated, bundles and worker included', async ({
  page,
  request,
}) => {
  const scripts: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/_astro/') && response.url().endsWith('.js')) {
      scripts.push(response.url());
    }
  });
  const response = await page.goto(INTERACTION_LESSON);
  expect(response?.status()).toBe(200);
  expect(response?.headers()).toMatchObject(ISOLATION_HEADERS);
  await waitForNotebook(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);

  await runCell(page, plainCell().id);
  const workers = page.workers().map((worker) => worker.url());

  expect(scripts.length).toBeGreaterThan(0);
  expect(workers.length, 'the kernel worker is running').toBeGreaterThan(0);
  for (const url of new Set([...scripts, ...workers])) {
    const fetched = await request.get(url);
    expect(fetched.status(), url).toBe(200);
    expect(fetched.headers(), url).toMatchObject(ISOLATION_HEADERS);
  }
});

test('without isolation headers a cell still runs and the page says what is unavailable', async ({
  page,
}) => {
  const server = await startStaticServer(join(ROOT, 'dist', 'client'));
  try {
    const response = await page.goto(`${server.origin}${INTERACTION_LESSON}`);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['cross-origin-embedder-policy']).toBeUndefined();
    await waitForNotebook(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);

    const spec = plainCell();
    expect(await runCell(page, spec.id)).toBe('done');
    const actual = await outputText(cell(page, spec.id));
    expect(compareOutput(actual, spec.expected ?? '', spec.check).ok, actual).toBe(true);

    const notice = page.locator('[data-notebook-notice]');
    await expect(notice).toBeVisible();
    await expect(notice).toContainText(/isolat/iu);
    await expect(notice).toContainText(/interrupt|shared memory|SharedArrayBuffer/iu);
  } finally {
    await server.close();
  }
});
