/**
 * Every lesson with cells, run in the browser with "Run all": each cell must end
 * in the status its fence promises and print its expected output (docs/cells.md).
 */
import { expect, test } from '@playwright/test';
import type { CellSpec } from '../../src/cells/types.ts';
import { axeViolations } from './support/axe.ts';
import { lessonsWithCells } from './support/lessons.ts';
import { lineDiff } from './support/line-diff.ts';
import {
  cell,
  openSolutions,
  outputText,
  waitForNotebook,
  waitForQuiet,
} from './support/notebook.ts';
import { outputMatches } from './support/output-match.ts';

/** Why a cell's run does not match its fence, or null when it does. */
function mismatch(spec: CellSpec, status: string, actual: string): string | null {
  if (spec.kind === 'exercise') return null;
  const wanted = spec.expectsError ? 'error' : 'done';
  const problems: string[] = [];
  if (status !== wanted) problems.push(`expected status \`${wanted}\`, got \`${status}\``);
  const expected = spec.expected ?? '';
  if (!outputMatches(actual, expected, spec.check)) {
    problems.push(
      spec.expected === null
        ? 'expected no output (the cell has no output block)'
        : `output differs (check=${spec.check})`,
    );
    problems.push(lineDiff(expected, actual));
  }
  return problems.length === 0
    ? null
    : `${spec.file}:${spec.line} cell ${spec.id}\n${problems.join('\n')}`;
}

for (const lesson of lessonsWithCells()) {
  for (const colorScheme of ['light', 'dark'] as const) {
    test(`${lesson.file}: after Run all, outputs pass axe in the ${colorScheme} theme`, async ({
      page,
    }) => {
      await page.emulateMedia({ colorScheme });
      await page.goto(lesson.path);
      await waitForNotebook(page);
      await openSolutions(page);
      await page.locator('[data-notebook-run-all]').click();
      await waitForQuiet(page);
      const report = await axeViolations(page);
      expect(report.length, `axe violations on ${lesson.path}:\n${report.join('\n\n')}\n`).toBe(0);
    });
  }

  test(`${lesson.file}: Run all matches every expected output`, async ({ page }) => {
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));

    await page.goto(lesson.path);
    await waitForNotebook(page);
    await openSolutions(page);
    await page.locator('[data-notebook-run-all]').click();
    await waitForQuiet(page);

    const failures: string[] = [];
    for (const spec of lesson.cells) {
      const target = cell(page, spec.id);
      if ((await target.count()) !== 1) {
        failures.push(`${spec.file}:${spec.line} cell ${spec.id}: not found once in the page`);
        continue;
      }
      const status = (await target.getAttribute('data-cell-status')) ?? '';
      const problem = mismatch(spec, status, await outputText(target));
      if (problem !== null) failures.push(problem);
    }
    expect(failures.length, `${lesson.file}:\n${failures.join('\n\n')}\n`).toBe(0);
    expect(pageErrors).toEqual([]);
  });
}
