/**
 * Cells compiled at build time: a lesson run as written never downloads the
 * transformer (sucrase, acorn, magic-string); the first edited cell does, and
 * gives the same output the build's compilation gave.
 */
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import {
  cell,
  cells,
  outputText,
  runAll,
  runCell,
  typeCode,
  waitForNotebook,
} from './support/notebook.ts';

/** The transformer's chunk, as Vite names it after `src/notebook/transform/transform.ts`. */
const TRANSFORM_CHUNK = /\/_astro\/transform-[\w-]+\.js$/u;

function recordScripts(page: Page): string[] {
  const urls: string[] = [];
  page.context().on('request', (request) => {
    if (request.url().endsWith('.js')) urls.push(request.url());
  });
  return urls;
}

test('a lesson run as written never loads the transformer; an edited cell loads it and prints the same', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const scripts = recordScripts(page);
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  await runAll(page);

  expect(
    scripts.some((url) => url.includes('/kernel.worker-')),
    'the kernel ran',
  ).toBe(true);
  expect(scripts.filter((url) => TRANSFORM_CHUNK.test(url))).toEqual([]);

  const id = (await cells(page).first().getAttribute('data-cell-id')) ?? '';
  const target = cell(page, id);
  const untouched = await outputText(target);
  const source: unknown = JSON.parse(
    (await target.locator('[data-cell-source]').textContent()) ?? 'null',
  );
  expect(typeof source).toBe('string');

  await typeCode(page, id, `${String(source)}\n// edited`);
  expect(await runCell(page, id)).toMatch(/^(done|error)$/u);
  expect(scripts.filter((url) => TRANSFORM_CHUNK.test(url))).toHaveLength(1);
  expect(await outputText(target)).toBe(untouched);
});
