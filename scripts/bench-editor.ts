/**
 * `npm run bench:editor`: the editor's TypeScript language service, in Debian's
 * Chromium against the built site, each figure beside a baseline from the same
 * run (the machine may be shared). Writes its table into the README and
 * docs/editor.md.
 *
 * 1. Cold: first keystroke in a fresh page → the cell's first diagnostics (the
 *    service's scripts and type bundle load, the page program is built);
 *    baseline: the click that opens the editor → CodeMirror shown, same page.
 * 2. Warm: an edit of the last cell → its diagnostics, on the longest lesson;
 *    baseline: the same on the shortest lesson with cells.
 * 3. Size: the service's JavaScript and type bundle (gzip), and what the page
 *    loads before any interaction, for reference.
 *
 * Options (environment): `BENCH_RUNS` (default 5), `BENCH_PORT`.
 */
import { readFileSync } from 'node:fs';
import process from 'node:process';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { lessonsWithCells } from '../tests/e2e/support/lessons.ts';
import { median, positiveInteger, writeFigures } from './support/bench.ts';
import { openNotebook, withSiteInChromium } from './support/site.ts';

/** Generous: the cold service loads megabytes of compiler on a possibly busy machine. */
const TIMEOUT_MS = 300_000;

async function openLesson(
  browser: Browser,
  url: string,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await openNotebook(page, url);
  return { context, page };
}

/**
 * Resolves (in the page's clock) once the diagnostics listed under cell
 * `index` mention `needle` (`some`) or no longer do (`none`).
 */
function diagnosticsShown(
  page: Page,
  cellIndex: number,
  want: 'some' | 'none',
  needle = '',
): Promise<number> {
  return page.evaluate(
    ({ index, state, text, timeout }) =>
      new Promise<number>((done, fail) => {
        const cell = document.querySelectorAll('[data-cell]')[index];
        if (cell === undefined) throw new Error(`Expected a cell at ${index}`);
        const shown = () =>
          [...cell.querySelectorAll('[data-cell-diagnostics] li')].some((item) =>
            (item.textContent ?? '').includes(text),
          ) ===
          (state === 'some');
        const timer = setTimeout(() => fail(new Error(`Expected diagnostics: ${state}`)), timeout);
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          done(performance.now());
        });
        observer.observe(cell, { subtree: true, childList: true });
      }),
    { index: cellIndex, state: want, text: needle, timeout: TIMEOUT_MS },
  );
}

const now = (page: Page) => page.evaluate(() => performance.now());

/** Opens the editor of cell `index` and puts the cursor at its end. */
async function openEditor(page: Page, index: number): Promise<number> {
  const cell = page.locator('[data-cell]').nth(index);
  const start = await now(page);
  await cell.locator('[data-cell-code]').click();
  const content = cell.locator('.cm-editor .cm-content');
  await content.waitFor();
  const opened = await now(page);
  await content.focus();
  await page.keyboard.press('ControlOrMeta+End');
  return opened - start;
}

async function benchCold(
  browser: Browser,
  url: string,
  runs: number,
): Promise<{ cold: number[]; editor: number[] }> {
  const cold: number[] = [];
  const editor: number[] = [];
  for (let run = 0; run < runs; run++) {
    const { context, page } = await openLesson(browser, url);
    editor.push(await openEditor(page, 0));
    const shown = diagnosticsShown(page, 0, 'some');
    const start = await now(page);
    // One key that makes a type error: a line of its own holding the unknown name `x`.
    await page.keyboard.insertText('\n');
    await page.keyboard.press('x');
    cold.push((await shown) - start);
    await context.close();
  }
  return { cold, editor };
}

/**
 * Edits the last cell `runs` times, one key each: `X` makes `ybBench` the
 * unknown `ybBenchX`, Backspace mends it; each timed until its diagnostics say so.
 */
async function benchWarm(browser: Browser, url: string, cellCount: number, runs: number) {
  const { context, page } = await openLesson(browser, url);
  const last = cellCount - 1;
  await openEditor(page, last);
  const times: number[] = [];
  // Warm-up: the service starts and checks the page once.
  const first = diagnosticsShown(page, last, 'some', 'ybBenchX');
  await page.keyboard.insertText('\nconst ybBench = 1;\nybBenchX');
  await first;
  for (let run = 0; run < runs * 2; run++) {
    const broken = run % 2 === 1;
    const shown = diagnosticsShown(page, last, broken ? 'some' : 'none', 'ybBenchX');
    const start = await now(page);
    await page.keyboard.press(broken ? 'X' : 'Backspace');
    times.push((await shown) - start);
  }
  await context.close();
  return times;
}

/** Gzip sizes of what the first edit loads: the service's JavaScript and the type bundle. */
async function benchSize(browser: Browser, url: string) {
  const context = await browser.newContext();
  let before = 0;
  let script = 0;
  let bundle = 0;
  let phase: 'before' | 'editor' | 'service' = 'before';
  const pending: Promise<void>[] = [];
  context.on('response', (response) => {
    const type = response.headers()['content-type'] ?? '';
    const name = response.url();
    const at = phase;
    pending.push(
      response.body().then(
        (body) => {
          if (/type-bundle/u.test(name)) bundle += body.length;
          else if (/javascript|ecmascript/u.test(type)) {
            const size = gzipSync(body, { level: 9 }).length;
            if (at === 'before') before += size;
            else if (at === 'service') script += size;
          }
        },
        () => {},
      ),
    );
  });
  const page = await context.newPage();
  await openNotebook(page, url, { waitUntil: 'networkidle' });
  await page.waitForLoadState('networkidle');
  phase = 'editor';
  await openEditor(page, 0);
  await page.waitForLoadState('networkidle');
  await Promise.all(pending);
  phase = 'service';
  const shown = diagnosticsShown(page, 0, 'some');
  await page.keyboard.insertText('\n');
  await page.keyboard.press('x');
  await shown;
  await Promise.all(pending);
  await context.close();
  return { before, script, bundle };
}

/** Lessons with cells by the length of their code: the shortest and the longest. */
function shortestAndLongest() {
  const sized = lessonsWithCells()
    .map((lesson) => ({
      lesson,
      chars: lesson.cells.reduce((sum, cell) => sum + cell.source.length, 0),
    }))
    .sort((a, b) => a.chars - b.chars);
  const shortest = sized[0];
  const longest = sized.at(-1);
  if (shortest === undefined || longest === undefined)
    throw new Error('Expected lessons with cells');
  return { shortest, longest };
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (value: number) => `${value.toFixed(0)} ms`;
const spread = (values: readonly number[]) =>
  `${ms(Math.min(...values))}–${ms(Math.max(...values))}`;

async function main(): Promise<void> {
  const runs = positiveInteger('BENCH_RUNS', 5);
  const { shortest, longest } = shortestAndLongest();
  const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  await withSiteInChromium(async (browser, origin) => {
    const url = `${origin}${longest.lesson.path}`;
    const { cold, editor } = await benchCold(browser, url, runs);
    const warmLong = await benchWarm(browser, url, longest.lesson.cells.length, runs);
    const warmShort = await benchWarm(
      browser,
      `${origin}${shortest.lesson.path}`,
      shortest.lesson.cells.length,
      runs,
    );
    const size = await benchSize(browser, url);
    const rows = [
      `| First keystroke → first diagnostics (cold) | ${ms(median(cold))} | median of ${runs} (${spread(cold)}); the service loads on that key | click → editor shown: ${ms(median(editor))} (${spread(editor)}) |`,
      `| Keystroke → diagnostics (warm), longest lesson (${longest.lesson.path}, ${longest.lesson.cells.length} cells, ${longest.chars} chars) | ${ms(median(warmLong))} | median of ${warmLong.length} edits of the last cell (${spread(warmLong)}) | shortest lesson (${shortest.lesson.path}, ${shortest.lesson.cells.length} cells): ${ms(median(warmShort))} (${spread(warmShort)}) |`,
      `| Language service JavaScript (gzip) | ${kb(size.script)} | the worker (TypeScript 6 compiler, page checker) and its page half, loaded on the first edit | JavaScript before any interaction: ${kb(size.before)} |`,
      `| Type bundle (gzip, as served) | ${kb(size.bundle)} | libs, \`yieldbook/*\`, \`openai\`, kernel globals | — |`,
    ];
    const markdown = [
      '| metric | result | notes | baseline, same run |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n');
    const context = `Measured on ${new Date().toISOString().slice(0, 10)} with Chromium ${browser.version()} (headless), Node ${process.versions.node}, load average ${load} at the start.`;
    console.log(`\n${context}\n\n${markdown}\n`);
    await writeFigures('editor', `${context}\n\n${markdown}`, {
      files: ['README.md', 'docs/editor.md'],
    });
  });
}

if (import.meta.main) await main();
