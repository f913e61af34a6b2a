/**
 * Page helpers for the notebook markup described in docs/cells.md. They read
 * and drive the page only through that contract.
 */
import { expect, type Locator, type Page } from '@playwright/test';
import { attrSelector, CELL_ATTR } from '../../../src/cells/markup.ts';

/** Statuses a cell ends a run in. */
export const FINAL_STATUSES = ['done', 'error', 'interrupted'] as const;

/** Code or output text without whitespace, so markup line breaks and editor lines compare alike. */
export function squash(text: string | null): string {
  return (text ?? '').replace(/\s+/gu, '');
}

/** The cell with the given id. */
export function cell(page: Page, id: string): Locator {
  return page.locator(`${attrSelector(CELL_ATTR.cell)}[${CELL_ATTR.id}="${id}"]`);
}

/** All cells of the page, in document order. */
export function cells(page: Page): Locator {
  return page.locator(attrSelector(CELL_ATTR.cell));
}

/** Resolves once the controller has wired the page (buttons enabled, editor ready to load). */
export async function waitForNotebook(page: Page): Promise<void> {
  await expect(page.locator('html')).toHaveAttribute('data-notebook-ready', 'true');
}

/**
 * The output text of a cell as docs/cells.md "Output text" builds it from the
 * DOM: each `[data-output-item]`'s `data-output-text` (else its textContent);
 * stream items as they are, other items followed by a newline; then trailing
 * spaces and final newlines removed (the page's own `domOutputText` does the
 * same; this copy runs in the page without importing the site's code).
 */
export function outputText(target: Locator): Promise<string> {
  return target.evaluate(async (root) => {
    // Output is written once per animation frame; let a pending batch land first.
    for (let frame = 0; frame < 2; frame++) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    const output = root.matches('[data-cell-output]')
      ? root
      : root.querySelector('[data-cell-output]');
    if (output === null) return '';
    let text = '';
    for (const item of output.querySelectorAll('[data-output-item]')) {
      const own = item.getAttribute('data-output-text') ?? item.textContent ?? '';
      const kind = item.getAttribute('data-output-item');
      text += kind === 'stream' || own.endsWith('\n') ? own : `${own}\n`;
    }
    return text
      .split('\n')
      .map((line) => line.replace(/[ \t]+$/u, ''))
      .join('\n')
      .replace(/\n+$/u, '');
  });
}

/** Opens every `<details>` that holds a cell (solutions are hidden in them). */
export async function openSolutions(page: Page): Promise<void> {
  const closed = page.locator(`details:not([open]):has(${attrSelector(CELL_ATTR.cell)})`);
  for (let count = await closed.count(); count > 0; count = await closed.count()) {
    await closed.first().locator(':scope > summary').click();
  }
}

/**
 * Waits until every cell has left `queued`/`running`, at least one cell has run,
 * and the kernel is not busy. Generous: lessons with many cells take a while.
 */
export async function waitForQuiet(page: Page, timeout = 150_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const all = [...document.querySelectorAll('[data-cell]')];
      const statuses = all.map((element) => element.getAttribute('data-cell-status'));
      const kernel = document
        .querySelector('[data-kernel-status]')
        ?.getAttribute('data-kernel-status');
      return (
        statuses.every((status) => status !== 'queued' && status !== 'running') &&
        statuses.some((status) => status !== 'idle') &&
        kernel !== 'busy' &&
        kernel !== 'starting' &&
        kernel !== 'restarting'
      );
    },
    undefined,
    { timeout, polling: 100 },
  );
}

/** Shows the solutions, presses Run all and waits until the page is quiet again (`waitForQuiet`). */
export async function runAll(page: Page, timeout?: number): Promise<void> {
  await openSolutions(page);
  await page.locator('[data-notebook-run-all]').click();
  await waitForQuiet(page, timeout);
}

/** Replaces the code of a cell through its editor, as a reader would. */
export async function typeCode(page: Page, id: string, code: string): Promise<void> {
  const target = cell(page, id);
  await target.locator(attrSelector(CELL_ATTR.code)).click();
  const editor = target.locator('.cm-editor .cm-content');
  await expect(editor).toBeVisible();
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText avoids the editor's auto-indent and bracket closing rewriting the code.
  await page.keyboard.insertText(code);
  await expect(editor).toHaveText(code.replaceAll('\n', ''));
}

/**
 * Records the statuses a cell passes through from now on, so a run that
 * finishes between two polls is still seen to have started.
 * @returns a function resolving once the cell has started and reached a final status.
 */
export async function watchRun(target: Locator): Promise<(timeout?: number) => Promise<string>> {
  const key = await target.evaluate((element) => {
    const name = `ybRun${Math.random().toString(36).slice(2)}`;
    const seen: string[] = [];
    (window as unknown as Record<string, string[]>)[name] = seen;
    new MutationObserver(() => {
      seen.push(element.getAttribute('data-cell-status') ?? '');
    }).observe(element, { attributes: true, attributeFilter: ['data-cell-status'] });
    return name;
  });
  return async (timeout = 60_000) => {
    await target.evaluate(
      (element, name) =>
        new Promise<void>((resolve) => {
          const seen = (window as unknown as Record<string, string[]>)[name] ?? [];
          const finished = () => {
            const status = element.getAttribute('data-cell-status') ?? '';
            return (
              seen.some((step) => step === 'queued' || step === 'running') &&
              ['done', 'error', 'interrupted'].includes(status)
            );
          };
          if (finished()) return resolve();
          new MutationObserver((_records, observer) => {
            if (!finished()) return;
            observer.disconnect();
            resolve();
          }).observe(element, { attributes: true, attributeFilter: ['data-cell-status'] });
        }),
      key,
      { timeout },
    );
    return (await target.getAttribute(CELL_ATTR.status)) ?? '';
  };
}

/** Clicks a cell's Run button and waits for that run to reach a final status. */
export async function runCell(page: Page, id: string): Promise<string> {
  const target = cell(page, id);
  const finished = await watchRun(target);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  return finished();
}

/**
 * Types `code` into a cell, runs it, waits until it is running and clicks Interrupt.
 * @returns the status the run ended in, within `timeout` ms.
 */
export async function interruptRun(
  page: Page,
  id: string,
  code: string,
  timeout = 30_000,
): Promise<string> {
  await typeCode(page, id, code);
  const target = cell(page, id);
  const finished = await watchRun(target);
  await target.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(target).toHaveAttribute('data-cell-status', 'running');
  await page.locator('[data-notebook-interrupt]').click();
  return finished(timeout);
}
