/**
 * A lesson's cell that changed after the reader edited it: the cell says so,
 * shows the lesson's new code beside the reader's, and offers Revert (from the
 * keyboard too), while an edit of the current lesson code shows no notice.
 */
import { expect, type Page, test } from '@playwright/test';
import { textHash } from '../../src/notebook/controller/text-hash.ts';
import { axeViolations } from './support/axe.ts';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cell, cells, squash, waitForNotebook } from './support/notebook.ts';

const MINE = 'console.log("my version");';

async function firstCell(page: Page): Promise<{ id: string; source: string }> {
  const first = cells(page).first();
  const id = (await first.getAttribute('data-cell-id')) ?? '';
  const source: unknown = JSON.parse(
    (await first.locator('[data-cell-source]').textContent()) ?? 'null',
  );
  if (typeof source !== 'string') throw new Error(`Expected a JSON string, got ${typeof source}`);
  return { id, source };
}

/** Stores an edit of `id` as the editor does, made from a lesson code hashing to `authored`. */
async function storeEdit(page: Page, id: string, authored: string): Promise<void> {
  await page.evaluate(
    ({ key, code, hash }) => {
      localStorage.setItem(key, code);
      localStorage.setItem(`${key}:authored`, hash);
    },
    { key: `yieldbook:v1:${INTERACTION_LESSON}:${id}`, code: MINE, hash: authored },
  );
  await page.reload();
  await waitForNotebook(page);
}

test.beforeEach(async ({ page }) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
});

test('an edit made from older lesson code: the notice shows both codes, Revert restores the lesson’s', async ({
  page,
}) => {
  const { id, source } = await firstCell(page);
  await storeEdit(page, id, textHash(`${source}\n// as the lesson read before`));
  const target = cell(page, id);
  const notice = target.locator('[data-cell-changed]');
  await expect(notice).toBeVisible();
  await expect(notice).toContainText('has changed since you edited it');
  await expect(notice.getByRole('figure', { name: 'Your code' })).toContainText(MINE);
  expect(squash(await notice.locator('figure').nth(1).locator('pre').textContent())).toBe(
    squash(source),
  );
  expect(await axeViolations(page)).toEqual([]);

  const revert = notice.getByRole('button', { name: 'Revert to the lesson’s code' });
  await revert.focus();
  await page.keyboard.press('Enter');
  await expect(notice).toHaveCount(0);
  await expect(target.locator('[data-cell-edited]')).toBeHidden();
  await expect
    .poll(async () => squash(await target.locator('[data-cell-code]').textContent()))
    .toBe(squash(source));
  const stored = await page.evaluate(
    (key) => [localStorage.getItem(key), localStorage.getItem(`${key}:authored`)],
    `yieldbook:v1:${INTERACTION_LESSON}:${id}`,
  );
  expect(stored).toEqual([null, null]);
});

test('Keep my code dismisses the notice for good; an edit of the current lesson code has none', async ({
  page,
}) => {
  const { id, source } = await firstCell(page);
  await storeEdit(page, id, textHash('older lesson code'));
  const notice = cell(page, id).locator('[data-cell-changed]');
  await notice.getByRole('button', { name: 'Keep my code' }).click();
  await expect(notice).toHaveCount(0);
  await page.reload();
  await waitForNotebook(page);
  await expect(cell(page, id).locator('[data-cell-edited]')).toBeVisible();
  await expect(notice).toHaveCount(0);

  await storeEdit(page, id, textHash(source));
  await expect(cell(page, id).locator('[data-cell-edited]')).toBeVisible();
  await expect(notice).toHaveCount(0);
});
