/**
 * `npm run screenshot`: the README's picture. Serves the built site, runs every
 * cell of the generators lesson in Debian's Chromium, and saves the first cells
 * with their output to docs/images/lesson.png.
 */
import { join, resolve } from 'node:path';
import { openNotebook, withSiteInChromium } from './support/site.ts';

const ROOT = resolve(import.meta.dirname, '..');
const OUTPUT = join(ROOT, 'docs', 'images', 'lesson.png');
const LESSON = '/lessons/generators/';

async function main(): Promise<void> {
  await withSiteInChromium(async (browser, origin) => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await openNotebook(page, `${origin}${LESSON}`);
    await page.getByRole('button', { name: 'Run all' }).click();
    await page.waitForFunction(() => {
      const statuses = [...document.querySelectorAll('[data-cell]')].map((cell) =>
        cell.getAttribute('data-cell-status'),
      );
      const kernel = document
        .querySelector('[data-kernel-status]')
        ?.getAttribute('data-kernel-status');
      return (
        statuses.some((status) => status !== 'idle') &&
        statuses.every((status) => status !== 'queued' && status !== 'running') &&
        kernel === 'idle'
      );
    });
    // The toolbar and the first cell, with a line of prose above them.
    await page.locator('[data-notebook-toolbar]').evaluate((toolbar) => {
      window.scrollTo(0, toolbar.getBoundingClientRect().top + window.scrollY - 80);
    });
    await page.screenshot({ path: OUTPUT });
    console.log(`Saved ${OUTPUT}`);
  });
}

if (import.meta.main) await main();
