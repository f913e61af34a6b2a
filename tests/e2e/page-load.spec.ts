/**
 * What a lesson's first load renders (docs/benchmarks.md, "What a reader downloads"): cells
 * off screen are skipped (`content-visibility: auto`) until the reader scrolls to them, and a
 * cell whose editor is open is never contained.
 */
import { expect, type Locator, test } from '@playwright/test';
import { cells, waitForNotebook } from './support/notebook.ts';

const LESSON = '/lessons/generators/';

/** Whether the browser renders `target` now: false while it sits in a skipped subtree. */
const rendered = (target: Locator) =>
  target.evaluate((element) => element.checkVisibility({ contentVisibilityAuto: true }));

test.use({ viewport: { width: 412, height: 823 } });

test('cells below the fold are rendered only once scrolled to, and keep their text', async ({
  page,
}) => {
  await page.goto(LESSON);
  await waitForNotebook(page);
  const last = cells(page).last();
  const code = last.locator('[data-cell-code]');

  expect(await rendered(code)).toBe(false);
  // Skipped, not removed: its text is still in the page (find-in-page, assistive technology).
  expect(await code.textContent()).not.toBe('');

  await last.scrollIntoViewIfNeeded();
  await expect.poll(() => rendered(code)).toBe(true);
  expect(await rendered(cells(page).first().locator('[data-cell-code]'))).toBe(false);
});

test('a cell with its editor open is not contained', async ({ page }) => {
  await page.goto(LESSON);
  await waitForNotebook(page);
  const first = cells(page).first();
  const style = () => first.evaluate((element) => getComputedStyle(element).contentVisibility);
  expect(await style()).toBe('auto');

  await first.locator('[data-cell-code]').click();
  await expect(first.locator('.cm-editor .cm-content')).toBeFocused();
  expect(await style()).toBe('visible');
});
