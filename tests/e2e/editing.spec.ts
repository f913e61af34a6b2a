/**
 * Editing a cell: the new code runs, survives a reload with the "edited" mark,
 * and Revert brings the lesson's code back. Keyboard: Shift+Enter runs, Escape
 * leaves the editor.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import {
  cell,
  cells,
  outputText,
  runCell,
  squash,
  typeCode,
  waitForNotebook,
  watchRun,
} from './support/notebook.ts';

async function firstCellId(page: Page): Promise<string> {
  const id = await cells(page).first().getAttribute('data-cell-id');
  if (id === null)
    throw new Error('Expected the lesson to have a cell with `data-cell-id`, got none');
  return id;
}

async function originalCode(target: Locator): Promise<string> {
  const json = await target.locator('[data-cell-source]').textContent();
  const value: unknown = JSON.parse(json ?? 'null');
  if (typeof value !== 'string') {
    throw new Error(`Expected \`data-cell-source\` to hold a JSON string, got ${typeof value}`);
  }
  return value;
}

test.beforeEach(async ({ page }) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
});

test('an edit runs, survives a reload with the edited mark, and Revert restores the lesson code', async ({
  page,
}) => {
  const id = await firstCellId(page);
  const target = cell(page, id);
  const original = await originalCode(target);
  const edited = 'console.log("edited in the page")';

  await typeCode(page, id, edited);
  expect(await runCell(page, id)).toBe('done');
  expect(await outputText(target)).toBe('edited in the page');

  await page.reload();
  await waitForNotebook(page);
  await expect(target.locator('[data-cell-edited]')).toBeVisible();
  expect(squash(await target.locator('[data-cell-code]').textContent())).toBe(squash(edited));

  await target.locator('[data-cell-revert]').click();
  await expect(target.locator('[data-cell-edited]')).toBeHidden();
  await expect
    .poll(async () => squash(await target.locator('[data-cell-code]').textContent()))
    .toBe(squash(original));

  await page.reload();
  await waitForNotebook(page);
  await expect(target.locator('[data-cell-edited]')).toBeHidden();
  await expect(target.locator('[data-cell-revert]')).toBeHidden();
  expect(squash(await target.locator('[data-cell-code]').textContent())).toBe(squash(original));
});

test('Shift+Enter in a focused cell runs it without changing its code', async ({ page }) => {
  const id = await firstCellId(page);
  const target = cell(page, id);
  const original = await originalCode(target);

  await target.locator('[data-cell-code]').click();
  await expect(target.locator('.cm-editor .cm-content')).toBeFocused();
  const finished = await watchRun(target);
  await page.keyboard.press('Shift+Enter');
  const expectsError = (await target.getAttribute('data-cell-expects-error')) !== null;
  expect(await finished()).toBe(expectsError ? 'error' : 'done');
  expect(squash(await target.locator('[data-cell-code]').textContent())).toBe(squash(original));
  await expect(target.locator('[data-cell-edited]')).toBeHidden();
});

test('Escape leaves the editor', async ({ page }) => {
  const id = await firstCellId(page);
  await typeCode(page, id, 'const left = 1;');
  await expect(cell(page, id).locator('.cm-editor .cm-content')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect
    .poll(() => page.evaluate(() => document.activeElement?.closest('.cm-editor') !== null))
    .toBe(false);
});
