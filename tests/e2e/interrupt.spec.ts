/**
 * Interrupt stops a running cell and keeps the kernel's variables; a cell that
 * swallows the interrupt gets the kernel restarted, and the page says so.
 */
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import {
  cell,
  cells,
  interruptRun,
  outputText,
  runCell,
  typeCode,
  waitForNotebook,
} from './support/notebook.ts';

/**
 * Cells for the scenario: one keeps state, one loops, one reads the state. The
 * reader is the third cell, or the first again on a two-cell page.
 */
async function threeCells(page: Page): Promise<[string, string, string]> {
  const ids = await cells(page).evaluateAll((all) =>
    all.slice(0, 3).map((element) => element.getAttribute('data-cell-id') ?? ''),
  );
  const [keep, loop, read = keep] = ids;
  if (keep === undefined || loop === undefined || read === undefined) {
    throw new Error(`Expected the lesson to have at least 2 cells, got ${ids.length}`);
  }
  return [keep, loop, read];
}

const COOPERATIVE: ReadonlyArray<[string, string]> = [
  ['a busy while loop', 'let i = 0;\nwhile (true) {\n  i++;\n}'],
  [
    'a for…of over an endless generator',
    'function* naturals() {\n  let n = 0;\n  for (;;) yield n++;\n}\nlet total = 0;\nfor (const n of naturals()) {\n  total += n;\n}',
  ],
  ['an await that never settles', 'await new Promise(() => {});'],
];

test.describe('Interrupt', () => {
  for (const [name, code] of COOPERATIVE) {
    test(`stops ${name} and keeps the kernel's state`, async ({ page }) => {
      await page.goto(INTERACTION_LESSON);
      await waitForNotebook(page);
      const [keep, loop, read] = await threeCells(page);

      await typeCode(page, keep, 'let kept = 41;');
      expect(await runCell(page, keep)).toBe('done');

      expect(await interruptRun(page, loop, code)).toBe('interrupted');
      const notice = page.locator('[data-notebook-notice]');
      if (await notice.isVisible()) await expect(notice).not.toContainText(/restart/iu);

      await typeCode(page, read, 'console.log(kept + 1)');
      expect(await runCell(page, read)).toBe('done');
      expect(await outputText(cell(page, read))).toBe('42');
    });
  }

  test('restarts the kernel when the cell swallows the interrupt, and says so', async ({
    page,
  }) => {
    await page.goto(INTERACTION_LESSON);
    await waitForNotebook(page);
    const [, loop, read] = await threeCells(page);

    await interruptRun(page, loop, 'while (true) {\n  try {\n    while (true) {}\n  } catch {}\n}');
    await expect(page.locator('[data-notebook-notice]')).toBeVisible();
    await expect(page.locator('[data-notebook-notice]')).toContainText(/restart/iu);

    // The fresh kernel runs cells again.
    await typeCode(page, read, 'console.log(6 * 7)');
    expect(await runCell(page, read)).toBe('done');
    expect(await outputText(cell(page, read))).toBe('42');
  });
});
