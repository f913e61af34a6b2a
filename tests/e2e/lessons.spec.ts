/**
 * Every lesson with cells, run once in the browser with "Run all": each cell must
 * end in the status its fence promises and print its expected output
 * (docs/cells.md), and the page with all its outputs must pass axe in the light
 * theme and, after switching with the site's own theme picker, in the dark one.
 * One run per lesson: some lessons take a minute of real work.
 */
import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './support/axe.ts';
import { expectRunAllPasses, lessonsWithCells, runAllBudgetMs } from './support/lessons.ts';
import { waitForNotebook } from './support/notebook.ts';

/** Picks a theme through Starlight's theme select, as a reader would. */
async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.locator('starlight-theme-select select').first().selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

for (const lesson of lessonsWithCells()) {
  test(`${lesson.file}: Run all matches every expected output and passes axe in both themes`, async ({
    page,
  }) => {
    // Lessons that declare long cells (the 3000-request run) get their time on top.
    const budget = runAllBudgetMs(lesson);
    test.setTimeout(budget + 30_000);
    await expectRunAllPasses(page, lesson, budget, async () => {
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(lesson.path);
      await waitForNotebook(page);
    });

    for (const theme of ['light', 'dark'] as const) {
      await chooseTheme(page, theme);
      const report = await axeViolations(page);
      expect(report.length, `axe (${theme}) on ${lesson.path}:\n${report.join('\n\n')}\n`).toBe(0);
    }
  });
}
