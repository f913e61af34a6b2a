/**
 * The editor's TypeScript language service: loaded on the first edit and not
 * before, diagnostics as the reader types (underlined, and listed under the
 * cell with code and line), completion, hover and signature help from the
 * keyboard too, and a cell with type errors that still runs with its errors
 * shown above its output. axe-clean in both themes with all of it on screen.
 */
import { expect, type Page, test } from '@playwright/test';
import { axeViolations } from './support/axe.ts';
import { watchCspViolations } from './support/csp.ts';
import { INTERACTION_LESSON } from './support/lessons.ts';
import { cell, cells, runCell, typeCode, waitForNotebook } from './support/notebook.ts';

/** Script URLs of the language service: the worker and the page half that starts it. */
const LANGUAGE_SCRIPT = /language[.-](worker|session)/u;

async function firstCellId(page: Page): Promise<string> {
  const id = await cells(page).first().getAttribute('data-cell-id');
  if (id === null) throw new Error('Expected a cell with `data-cell-id`, got none');
  return id;
}

/**
 * Types `code` into a cell as a reader would; the first time, that starts the
 * service, and this waits for its first diagnostics (a cold start loads the
 * compiler: generous on a busy machine).
 */
async function startService(page: Page, id: string, code: string): Promise<void> {
  await typeCode(page, id, code);
  await expect(page.locator('html')).toHaveAttribute('data-language-service', 'ready', {
    timeout: 240_000,
  });
}

async function chooseTheme(page: Page, theme: 'light' | 'dark'): Promise<void> {
  await page.locator('starlight-theme-select select').first().selectOption(theme);
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

// Each test starts the service cold in a fresh page.
test.describe.configure({ timeout: 420_000 });

test.beforeEach(async ({ page }) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
});

test('no language-service script is requested before the first edit', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  await page.reload();
  await waitForNotebook(page);
  const id = await firstCellId(page);
  const target = cell(page, id);
  // Pointing, focusing, opening the editor and moving the cursor are not edits.
  await target.locator('[data-cell-code]').click();
  const editor = target.locator('.cm-editor .cm-content');
  await expect(editor).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('End');
  await page.waitForLoadState('networkidle');
  expect(requested.filter((url) => LANGUAGE_SCRIPT.test(url))).toEqual([]);

  await page.keyboard.type(' ');
  await expect.poll(() => requested.some((url) => /language\.worker/u.test(url))).toBe(true);
});

test('a type error shows TS2322 at its line, underlined, and the cell still runs with it as a warning', async ({
  page,
}) => {
  const csp = await watchCspViolations(page);
  const id = await firstCellId(page);
  const target = cell(page, id);
  await startService(
    page,
    id,
    'const label = "n";\nconst n: number = "x";\nconsole.log(label, n);',
  );

  const listed = target.locator('[data-cell-diagnostics] li');
  await expect(listed).toHaveCount(1);
  await expect(listed).toHaveAttribute('data-diagnostic-code', 'TS2322');
  await expect(listed).toHaveAttribute('data-diagnostic-line', '2');
  await expect(listed).toHaveText(
    "TS2322 line 2: Type 'string' is not assignable to type 'number'.",
  );
  const underline = target.locator('.cm-lintRange-error');
  await expect(underline).toHaveCount(1);
  await expect(underline).toHaveText('n');

  expect(await runCell(page, id)).toBe('done');
  const output = target.locator('[data-cell-output]');
  await expect(output.locator('[data-output-item="stream"]')).toHaveText('n x\n');
  const warnings = output.locator(':scope > [data-cell-warnings]:first-child');
  await expect(warnings).toContainText('TS2322 line 2');

  // Fixing the code clears the list and the underline.
  await startService(page, id, 'const label = "n";\nconst n: number = 1;\nconsole.log(label, n);');
  await expect(target.locator('[data-cell-diagnostics]')).toHaveCount(0);
  await expect(underline).toHaveCount(0);
  expect(await csp.found(), 'Content-Security-Policy violations').toEqual([]);
});

test('completion after `gen.` offers `next`, from the keyboard', async ({ page }) => {
  const id = await firstCellId(page);
  const target = cell(page, id);
  await startService(page, id, 'function* count() {\n  yield 1;\n}\nconst gen = count();\n');
  await page.keyboard.type('gen.');
  const options = page.locator('.cm-tooltip-autocomplete li');
  await expect(options.filter({ hasText: /^next/u })).toHaveCount(1);
  await page.keyboard.type('ne');
  await expect(page.locator('.cm-tooltip-autocomplete li[aria-selected]')).toContainText('next');
  await page.keyboard.press('Enter');
  await expect(target.locator('.cm-content')).toContainText('gen.next');
  // Escape closes the list first, then leaves the editor.
  await page.keyboard.press('Control+Space');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(1);
  await page.keyboard.press('Escape');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);
  await expect(target.locator('.cm-content')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(target.locator('[data-cell-run]')).toBeFocused();
});

test('hover and Alt+I show the type and doc comment; signature help opens in a call', async ({
  page,
}) => {
  const id = await firstCellId(page);
  const target = cell(page, id);
  await startService(
    page,
    id,
    '/** Counts from one. */\nfunction* count() {\n  yield 1;\n}\nconst gen = count();\n',
  );
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(0);

  // The pointer on `gen`.
  const point = await target.locator('.cm-line', { hasText: 'const gen' }).evaluate((line) => {
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const at = node.textContent?.indexOf('gen') ?? -1;
      if (at === -1) continue;
      const range = document.createRange();
      range.setStart(node, at + 1);
      range.setEnd(node, at + 2);
      const rect = range.getBoundingClientRect();
      return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
    }
    throw new Error('Expected `gen` in the line');
  });
  await page.mouse.move(point.x, point.y);
  await expect(page.locator('.cm-tooltip-hover')).toContainText('Generator<');

  // The keyboard: cursor on `count`, Alt+I.
  await page.mouse.move(0, 0);
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('End');
  for (let step = 0; step < 4; step++) await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Alt+i');
  const info = page.locator('.cm-tooltip.yb-ts-info');
  await expect(info).toContainText('function count()');
  await expect(info).toContainText('Counts from one.');
  await page.keyboard.press('Escape');
  await expect(info).toHaveCount(0);

  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('console.log(');
  const signature = page.locator('.cm-tooltip.yb-ts-signature');
  await expect(signature).toContainText('log(');
  await page.keyboard.press('Escape');
  await expect(signature).toHaveCount(0);
  await expect(target.locator('.cm-content')).toBeFocused();
});

test('diagnostics, warnings and popups pass axe in both themes', async ({ page }) => {
  const id = await firstCellId(page);
  const target = cell(page, id);
  await startService(page, id, 'const n: number = "x";\nconsole.log(n);');
  await expect(target.locator('[data-cell-diagnostics] li')).toHaveCount(1);
  expect(await runCell(page, id)).toBe('done');
  await target.locator('.cm-content').click();
  await page.keyboard.press('ControlOrMeta+End');
  await page.keyboard.type('\nn.');
  await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(1);
  for (const theme of ['light', 'dark'] as const) {
    await chooseTheme(page, theme);
    await target.locator('.cm-content').focus();
    if ((await page.locator('.cm-tooltip-autocomplete').count()) === 0) {
      await page.keyboard.press('Control+Space');
    }
    await expect(page.locator('.cm-tooltip-autocomplete')).toHaveCount(1);
    const report = await axeViolations(page);
    expect(report.length, `axe (${theme}):\n${report.join('\n\n')}\n`).toBe(0);
  }
});
