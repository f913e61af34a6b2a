/**
 * Every lesson with cells, run in the browser with "Run all": each cell must end
 * in the status its fence promises and print its expected output (docs/cells.md).
 */
import { expect, test } from '@playwright/test';
import { judgeCell } from '../../src/cells/judge.ts';
import { axeViolations } from './support/axe.ts';
import { lessonsWithCells, runAllBudgetMs } from './support/lessons.ts';
import {
  cell,
  openSolutions,
  outputText,
  waitForNotebook,
  waitForQuiet,
} from './support/notebook.ts';

for (const lesson of lessonsWithCells()) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${lesson.file}: after Run all, outputs pass axe in the ${colorScheme} theme`, async ({
      page,
    }) => {
      test.setTimeout(runAllBudgetMs(lesson) + 30_000);
      await page.emulateMedia({ colorScheme });
      await page.goto(lesson.path);
      await waitForNotebook(page);
      await openSolutions(page);
      await page.locator('[data-notebook-run-all]').click();
      await waitForQuiet(page, runAllBudgetMs(lesson));
      const report = await axeViolations(page);
      expect(report.length, `axe violations on ${lesson.path}:\n${report.join('\n\n')}\n`).toBe(0);
    });
  }

  test(`${lesson.file}: Run all matches every expected output`, async ({ page }) => {
    test.setTimeout(runAllBudgetMs(lesson) + 30_000);
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(lesson.path);
    await waitForNotebook(page);
    await openSolutions(page);
    await page.locator('[data-notebook-run-all]').click();
    await waitForQuiet(page, runAllBudgetMs(lesson));

    const failures: string[] = [];
    for (const spec of lesson.cells) {
      const target = cell(page, spec.id);
      if ((await target.count()) !== 1) {
        failures.push(`${spec.file}:${spec.line} cell ${spec.id}: not found once in the page`);
        continue;
      }
      const status = (await target.getAttribute('data-cell-status')) ?? '';
      const problem = judgeCell(spec, { status, text: await outputText(target) });
      if (problem !== null) failures.push(`${spec.file}:${spec.line} cell ${spec.id}\n${problem}`);
    }
    expect(failures.length, `${lesson.file}:\n${failures.join('\n\n')}\n`).toBe(0);
    expect(pageErrors).toEqual([]);
  });
}
