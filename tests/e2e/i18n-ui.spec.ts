/**
 * The notebook's own words in the page's language (src/i18n/ui.ts): a Japanese lesson is
 * driven through its Japanese accessible names, an English one keeps its English names, and
 * the Japanese home page lists the Japanese lessons.
 */
import { expect, type Locator, type Page, test } from '@playwright/test';
import { CELL, KERNEL_STATUS, NOTICE, STYLE, TOOLBAR, VERDICT } from '../../src/i18n/ui.ts';
import { axeViolations } from './support/axe.ts';
import { INTERACTION_LESSON, japaneseTitle } from './support/lessons.ts';
import { cell, outputText, typeCode, waitForNotebook, watchRun } from './support/notebook.ts';

const JA_LESSON = '/ja/lessons/generators/';
const FIRST = 'kernel-scope';
const LOOP = 'display-intro';

/** The Japanese toolbar and a cell's Run button, found only by their accessible names. */
function japanese(page: Page) {
  const toolbar = page.getByRole('toolbar', { name: TOOLBAR.ja.label });
  return {
    toolbar,
    runAll: toolbar.getByRole('button', { name: 'すべて実行', exact: true }),
    interrupt: toolbar.getByRole('button', { name: '中断', exact: true }),
    restart: toolbar.getByRole('button', { name: '再起動', exact: true }),
    run: (id: string) =>
      page
        .getByRole('region', { name: CELL.ja.label(id), exact: true })
        .getByRole('button', { name: '実行', exact: true }),
  };
}

/** The word the stylesheet writes after a cell's bar for its status (`STYLE`). */
function statusWord(target: Locator): Promise<string> {
  return target
    .locator('.yb-cell__bar')
    .evaluate((bar) => getComputedStyle(bar, '::after').content.replace(/^"|"$/gu, ''));
}

test.describe('a Japanese lesson page', () => {
  test('names the notebook in Japanese and runs a cell through them', async ({ page }) => {
    await page.goto(JA_LESSON);
    await waitForNotebook(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
    const ui = japanese(page);
    await expect(ui.runAll).toBeEnabled();
    await expect(ui.interrupt).toBeEnabled();
    await expect(ui.restart).toBeEnabled();
    await expect(page.getByRole('button', { name: 'Run all' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Run', exact: true })).toHaveCount(0);
    await expect(cell(page, FIRST).locator('[data-cell-code]')).toHaveAttribute(
      'aria-label',
      'セル kernel-scope のコード。Enter キーで編集します',
    );

    const finished = await watchRun(cell(page, FIRST));
    await ui.run(FIRST).click();
    expect(await finished()).toBe('done');
    // The output is the cell's own (the translation may print Japanese): as the lesson expects.
    const expected = await cell(page, FIRST).locator('[data-cell-expected] pre').textContent();
    expect(await outputText(cell(page, FIRST))).toBe(expected?.trim());
    await expect(cell(page, FIRST).locator('[data-cell-verdict="match"]')).toHaveText(
      `✓ ${VERDICT.ja.matches}`,
    );
    await expect(page.locator('[data-kernel-status]')).toHaveText(KERNEL_STATUS.ja.idle);
  });

  test('中断 stops an endless loop, and says in Japanese when it had to restart', async ({
    page,
  }) => {
    await page.goto(JA_LESSON);
    await waitForNotebook(page);
    const ui = japanese(page);
    const loop = cell(page, LOOP);

    await typeCode(page, LOOP, 'let i = 0;\nwhile (true) {\n  i++;\n}');
    let finished = await watchRun(loop);
    await ui.run(LOOP).click();
    await expect(loop).toHaveAttribute('data-cell-status', 'running');
    expect(await statusWord(loop)).toBe(STYLE.ja.running);
    await ui.interrupt.click();
    expect(await finished()).toBe('interrupted');
    expect(await statusWord(loop)).toBe(STYLE.ja.interrupted);
    await expect(page.locator('[data-kernel-status]')).toHaveText(KERNEL_STATUS.ja.idle);

    // A loop that swallows the interrupt: the kernel is replaced, and the notice says so.
    await typeCode(page, LOOP, 'while (true) {\n  try {\n    while (true) {}\n  } catch {}\n}');
    finished = await watchRun(loop);
    await ui.run(LOOP).click();
    await expect(loop).toHaveAttribute('data-cell-status', 'running');
    await ui.interrupt.click();
    expect(await finished()).toBe('interrupted');
    await expect(
      page.getByRole('status').filter({ hasText: NOTICE.ja.restartedAfterInterrupt }),
    ).toBeVisible();

    await ui.restart.click();
    await expect(page.locator('[data-notebook-notice]')).toContainText(NOTICE.ja.restartedByReader);
    await expect(loop.locator('[data-cell-count]')).toHaveText('[ ]');
    await expect(loop).toHaveAttribute('data-cell-status', 'idle');
  });

  test('passes axe in both themes, after a run', async ({ page }) => {
    await page.goto(JA_LESSON);
    await waitForNotebook(page);
    const finished = await watchRun(cell(page, FIRST));
    await japanese(page).run(FIRST).click();
    expect(await finished()).toBe('done');
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('starlight-theme-select select').first().selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      const report = await axeViolations(page);
      expect(report.length, `axe (${theme}):\n${report.join('\n\n')}\n`).toBe(0);
    }
  });
});

test('an English lesson page keeps its English names', async ({ page }) => {
  await page.goto(INTERACTION_LESSON);
  await waitForNotebook(page);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  const toolbar = page.getByRole('toolbar', { name: TOOLBAR.en.label });
  for (const name of ['Run all', 'Interrupt', 'Restart']) {
    await expect(toolbar.getByRole('button', { name, exact: true })).toBeEnabled();
  }
  await expect(page.getByRole('button', { name: 'すべて実行' })).toHaveCount(0);
  const first = page.getByRole('region', { name: CELL.en.label(FIRST), exact: true });
  const finished = await watchRun(cell(page, FIRST));
  await first.getByRole('button', { name: 'Run', exact: true }).click();
  expect(await finished()).toBe('done');
  await expect(page.locator('[data-kernel-status]')).toHaveText(KERNEL_STATUS.en.idle);
  await expect(cell(page, FIRST).locator('[data-cell-verdict="match"]')).toHaveText(
    `✓ ${VERDICT.en.matches}`,
  );
});

test('the home pages list their own edition and link to each other', async ({ page }) => {
  await page.goto('/ja/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  const lesson = page.locator('.yb-lessons a[href="/ja/lessons/generators/"]');
  await expect(lesson).toHaveText(japaneseTitle('generators'));
  await expect(page.locator('.yb-lessons a[href="/lessons/generators/"]')).toHaveCount(0);
  await page.getByRole('link', { name: 'English', exact: true }).click();

  await expect(page).toHaveURL(/\/$/u);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('.yb-lessons a[href^="/ja/"]')).toHaveCount(0);
  await page.getByRole('link', { name: '日本語版', exact: true }).click();
  await expect(page).toHaveURL(/\/ja\/$/u);
});
