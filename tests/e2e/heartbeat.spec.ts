/**
 * A kernel that stops answering is noticed: a promise chain that re-queues
 * itself forever starves the worker's event loop, and `self.close()` ends it.
 * The page says so and Interrupt or Restart gives a fresh kernel. The
 * heartbeat runs at its default pace (a ping a second, three missed: stuck).
 */
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cell, cells, runCell, typeCode, waitForNotebook, watchRun } from './support/notebook.ts';

async function twoCells(page: Page): Promise<[string, string]> {
  const ids = await cells(page).evaluateAll((all) =>
    all.slice(0, 2).map((element) => element.getAttribute('data-cell-id') ?? ''),
  );
  const [first = '', second = ''] = ids;
  return [first, second];
}

test.beforeEach(async ({ page }) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
});

test('a promise chain that re-queues itself: the next cell is reported stuck, Interrupt starts a fresh kernel', async ({
  page,
}) => {
  const [first, second] = await twoCells(page);
  await typeCode(page, first, 'const f = (): Promise<void> => Promise.resolve().then(f);\nf();');
  expect(await runCell(page, first)).toBe('done');
  await typeCode(page, second, 'console.log("after");');

  const next = cell(page, second);
  const finished = await watchRun(next);
  await next.getByRole('button', { name: 'Run', exact: true }).click();
  const notice = page.locator('[data-notebook-notice]');
  await expect(notice).toContainText('The kernel has stopped answering');
  await expect(notice).toContainText('Interrupt or Restart will start a fresh kernel');
  await expect(next).toHaveAttribute('data-cell-status', 'running');

  await page.locator('[data-notebook-interrupt]').click();
  expect(await finished()).toBe('interrupted');
  await expect(notice).toContainText('restarted');
  expect(await runCell(page, second)).toBe('done');
  await expect(next.locator('[data-cell-output]')).toHaveText('after');
});

test('self.close() in a cell: the page says the kernel is closed, Restart starts a fresh one', async ({
  page,
}) => {
  const [first, second] = await twoCells(page);
  await typeCode(page, first, 'self.close();');
  expect(await runCell(page, first)).toBe('error');
  const notice = page.locator('[data-notebook-notice]');
  await expect(notice).toContainText('A cell closed the kernel');
  await expect(notice).toContainText('Interrupt or Restart will start a fresh kernel');
  await expect(cell(page, first).locator('[data-cell-output]')).toContainText('KernelClosed');

  await typeCode(page, second, 'console.log("fresh");');
  expect(await runCell(page, second)).toBe('error');
  await page.locator('[data-notebook-restart]').click();
  await expect(notice).toContainText('The kernel was restarted');
  expect(await runCell(page, second)).toBe('done');
  await expect(cell(page, second).locator('[data-cell-output]')).toHaveText('fresh');
});
