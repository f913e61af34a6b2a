/**
 * Bad input in a cell gets a clear message and loses nothing: a syntax error
 * and a runtime error point at the cell's TypeScript, a flood of output is cut
 * with a count while the page stays usable, and untrusted HTML is sanitised.
 */
import { expect, type Page, test } from '@playwright/test';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cell, cells, outputText, runCell, typeCode, waitForNotebook } from './support/notebook.ts';

/** Ids of the first two cells of the interaction lesson. */
async function firstTwoCells(page: Page): Promise<[string, string]> {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  const ids = await cells(page).evaluateAll((all) =>
    all.slice(0, 2).map((element) => element.getAttribute('data-cell-id') ?? ''),
  );
  const [first, second] = ids;
  if (first === undefined || second === undefined) {
    throw new Error(`Expected at least 2 cells, got ${ids.length}`);
  }
  return [first, second];
}

test('a syntax error names the TypeScript line and column, and the kernel keeps its state', async ({
  page,
}) => {
  const [first, second] = await firstTwoCells(page);
  await typeCode(page, first, 'const kept: number = 7;');
  expect(await runCell(page, first)).toBe('done');

  await typeCode(page, second, 'const ok: string = "yes";\nconst broken = ;');
  expect(await runCell(page, second)).toBe('error');
  const error = cell(page, second).locator('[data-output-item="error"]');
  await expect(error).toHaveAttribute('data-output-text', /^SyntaxError: /u);
  await expect(error).toContainText(`${second}:2:`);

  await typeCode(page, second, 'console.log(kept * 6);');
  expect(await runCell(page, second)).toBe('done');
  expect(await outputText(cell(page, second))).toBe('42');
});

test('a runtime error points at the line that threw, through functions of other cells', async ({
  page,
}) => {
  const [first, second] = await firstTwoCells(page);
  await typeCode(
    page,
    first,
    'function check(n: number): number {\n  if (n > 2) throw new RangeError("too big: " + n);\n  return n;\n}',
  );
  expect(await runCell(page, first)).toBe('done');
  await typeCode(page, second, 'const values: number[] = [1, 2, 3];\nvalues.map(check);');
  expect(await runCell(page, second)).toBe('error');
  const error = cell(page, second).locator('[data-output-item="error"]');
  await expect(error).toHaveAttribute('data-output-text', 'RangeError: too big: 3');
  await expect(error).toContainText(`${first}:2:`);
});

test('a flood of output is cut with a count, and the page stays responsive', async ({ page }) => {
  const [first, second] = await firstTwoCells(page);
  await typeCode(page, first, 'for (let i = 0; i < 200_000; i++) console.log("line", i);');
  expect(await runCell(page, first)).toBe('done');
  const text = await outputText(cell(page, first));
  expect(text.startsWith('line 0\nline 1\n')).toBe(true);
  expect(text).toMatch(/… [\d,]+ characters of output dropped$/u);
  // Far less than the 2.3 MB printed reaches the page.
  expect(text.length).toBeLessThan(150_000);

  await typeCode(page, second, 'console.log("still here");');
  expect(await runCell(page, second)).toBe('done');
  expect(await outputText(cell(page, second))).toBe('still here');
});

test('HTML from display() is sanitised before it reaches the page', async ({ page }) => {
  const [first] = await firstTwoCells(page);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await typeCode(
    page,
    first,
    'display({ html: \'<b id="kept">bold</b><img id="bad" src="x" onerror="alert(1)"><script>alert(2)</script>\' });',
  );
  expect(await runCell(page, first)).toBe('done');
  const output = cell(page, first).locator('[data-cell-output]');
  // Kept, with its id scoped to this output so that it cannot take one of the page's.
  const bold = output.locator('b');
  await expect(bold).toHaveText('bold');
  await expect(bold).toHaveAttribute('id', /^yb-display-\d+-kept$/u);
  expect(await output.locator('script').count()).toBe(0);
  expect(await output.locator('[onerror]').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
