/**
 * Every lesson page and the home page: no script errors, no axe (WCAG 2 A/AA)
 * violations, and with JavaScript off the code and expected outputs are there.
 */
import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './support/axe.ts';
import { allLessons, lessonsWithCells } from './support/lessons.ts';
import { cell, openSolutions, squash, waitForNotebook } from './support/notebook.ts';

const lessons = lessonsWithCells();
// Both editions: the home pages, the glossaries and every lesson.
const pages = [
  '/',
  '/ja/',
  '/glossary/',
  '/ja/glossary/',
  ...allLessons().map((lesson) => lesson.path),
];

function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      const { url, lineNumber } = message.location();
      errors.push(`console.error: ${message.text()} (${url}:${lineNumber})`);
    }
  });
  return errors;
}

for (const path of pages) {
  test(`${path}: no page errors and no axe violations`, async ({ page }) => {
    const errors = collectErrors(page);
    await page.goto(path);
    if ((await page.locator('[data-cell]').count()) > 0) await waitForNotebook(page);
    await page.waitForLoadState('networkidle');

    const report = await axeViolations(page);
    expect(report.length, `axe violations on ${path}:\n${report.join('\n\n')}\n`).toBe(0);
    expect(errors).toEqual([]);
  });
}

test.describe('with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  for (const lesson of lessons) {
    test(`${lesson.file}: code and expected outputs are visible`, async ({ page }) => {
      await page.goto(lesson.path);
      // Solutions sit in closed <details>, which open natively without scripts.
      await openSolutions(page);
      await expect(page.locator('[data-notebook-run-all]')).toBeDisabled();
      for (const spec of lesson.cells) {
        const target = cell(page, spec.id);
        const where = `${spec.file}:${spec.line} cell ${spec.id}`;
        await expect(target.locator('[data-cell-code]'), where).toBeVisible();
        expect(squash(await target.locator('[data-cell-code]').textContent()), where).toBe(
          squash(spec.source),
        );
        if (spec.expected !== null) {
          if (spec.predict) {
            // A puzzle: closed until the reader asks, which its <details> allows without scripts.
            await expect(target.locator('[data-cell-expected]'), where).toBeHidden();
            await target.locator('[data-cell-predict] > summary').click();
          }
          await expect(target.locator('[data-cell-expected]'), where).toBeVisible();
          expect(
            squash(await target.locator('[data-cell-expected]').textContent()),
            where,
          ).toContain(squash(spec.expected));
        }
      }
    });
  }
});
