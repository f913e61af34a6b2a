/**
 * A `predict` cell (docs/cells.md): its expected output waits in a closed `<details>` until
 * the reader runs the cell or opens it, by mouse or keyboard; axe-clean in both themes.
 * No lesson needs to use the option for this test: the markup the build gives a predict cell
 * (`cellElement`) replaces the expected output of one cell of a built lesson.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import { toHtml } from 'hast-util-to-html';
import { CELL_ATTR } from '../../src/cells/markup.ts';
import { cellElement, PREDICT_SUMMARY } from '../../src/integrations/cells/cell-markup.ts';
import { allLessons, INTERACTION_LESSON } from './support/lessons.ts';
import { cell, outputText, runCell, squash, waitForNotebook } from './support/notebook.ts';

const lesson = allLessons().find(({ path }) => path === INTERACTION_LESSON);
// The lesson's first cell, which needs no earlier cell to run.
const spec = lesson?.cells[0];

/** The `<details data-cell-predict>` the build writes for `spec` as a predict cell. */
function predictMarkup(): string {
  if (spec === undefined || spec.expected === null) {
    throw new Error(`Expected ${INTERACTION_LESSON}'s first cell to have an expected output`);
  }
  const code = { type: 'element' as const, tagName: 'pre', properties: {}, children: [] };
  const section = cellElement({ ...spec, predict: true }, code);
  const details = section.children.find(
    (child) => child.type === 'element' && child.tagName === 'details',
  );
  if (details === undefined) throw new Error('Expected the predict cell to have a <details>');
  return toHtml(details);
}

/** Opens the lesson and turns its first cell into a predict cell, as the build would. */
async function openPredictCell(page: Page, { script = true } = {}): Promise<void> {
  const markup = predictMarkup();
  await page.goto(INTERACTION_LESSON);
  if (script) await waitForNotebook(page);
  await cell(page, spec?.id ?? '')
    .locator(`[${CELL_ATTR.expected}]`)
    .evaluate((block, html) => {
      block.outerHTML = html;
    }, markup);
}

test.describe('a predict cell', () => {
  test('hides the expected output until the cell runs, then shows it and its verdict', async ({
    page,
  }) => {
    await openPredictCell(page);
    const target = cell(page, spec?.id ?? '');
    const details = target.locator(`[${CELL_ATTR.predict}]`);
    await expect(details.locator('summary')).toHaveText(PREDICT_SUMMARY);
    await expect(target.locator(`[${CELL_ATTR.expected}]`)).toBeHidden();

    expect(await runCell(page, spec?.id ?? '')).toBe('done');
    expect(squash(await outputText(target))).toBe(squash(spec?.expected ?? null));
    await expect(details).toHaveAttribute('open', '');
    await expect(target.locator(`[${CELL_ATTR.verdict}="match"]`)).toBeVisible();
  });

  test('shows the expected output when the reader asks, with the keyboard', async ({ page }) => {
    await openPredictCell(page);
    const target = cell(page, spec?.id ?? '');
    const expected = target.locator(`[${CELL_ATTR.expected}]`);
    await expect(expected).toBeHidden();

    // The cell's code is its one tab stop; the summary is the next one.
    await target.locator(`[${CELL_ATTR.code}]`).focus();
    await page.keyboard.press('Tab');
    await expect(target.locator(`[${CELL_ATTR.predict}] > summary`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(expected).toBeVisible();
    expect(squash(await expected.textContent())).toContain(squash(spec?.expected ?? null));
  });

  test('passes axe closed and open, in both themes', async ({ page }) => {
    await openPredictCell(page);
    const summary = cell(page, spec?.id ?? '').locator(`[${CELL_ATTR.predict}] > summary`);
    for (const theme of ['light', 'dark'] as const) {
      await page.locator('starlight-theme-select select').first().selectOption(theme);
      await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
      for (const state of ['closed', 'open'] as const) {
        // The cell only: pages.spec and lessons.spec sweep whole pages.
        const { violations } = await new AxeBuilder({ page })
          .include(`[${CELL_ATTR.id}="${spec?.id ?? ''}"]`)
          .withTags(['wcag2a', 'wcag2aa'])
          .analyze();
        expect(
          violations.map(({ id, help }) => `${id}: ${help}`),
          `axe (${theme}, ${state})`,
        ).toEqual([]);
        await summary.click();
      }
    }
  });
});

test.describe('a predict cell with JavaScript off', () => {
  test.use({ javaScriptEnabled: false });

  test('opens natively, so the expected output is one click away', async ({ page }) => {
    await openPredictCell(page, { script: false });
    const target = cell(page, spec?.id ?? '');
    const expected = target.locator(`[${CELL_ATTR.expected}]`);
    await expect(expected).toBeHidden();
    await target.locator(`[${CELL_ATTR.predict}] > summary`).click();
    await expect(expected).toBeVisible();
    expect(squash(await expected.textContent())).toContain(squash(spec?.expected ?? null));
  });
});
